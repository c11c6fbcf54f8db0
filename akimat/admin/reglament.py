"""Admin: regulation profiles and their rules (SPEC §3.3).

Every change goes through ``akimat.reglament`` (validation, read-only presets, cache invalidation).
Presets are shown read-only; an administrator copies one ("Copy the profile") and edits the copy.
New profiles are made only by copying, so that every profile has every rule the modules read.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akimat import reglament
from akimat.models import RegulationProfile, RegulationRule
from akimat.reglament_presets import required_keys

# The intermediate page of the copy action. Kept here (not in templates/) with its action; every
# visible string comes translated from the context.
_COPY_PAGE_SOURCE = """{% extends "admin/base_site.html" %}
{% load admin_urls %}
{% block breadcrumbs %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{{ home_label }}</a> &rsaquo;
<a href="{% url 'admin:app_list' app_label=opts.app_label %}">{{ opts.app_config.verbose_name }}</a> &rsaquo;
<a href="{% url opts|admin_urlname:'changelist' %}">{{ opts.verbose_name_plural|capfirst }}</a> &rsaquo;
{{ title }}</div>{% endblock %}
{% block content %}
<p>{{ intro }}</p>
<form method="post">{% csrf_token %}
{{ form.non_field_errors }}
<fieldset class="module aligned">{% for field in form %}
<div class="form-row">{{ field.errors }}{{ field.label_tag }} {{ field }}</div>{% endfor %}
</fieldset>
<input type="hidden" name="action" value="copy_profile">
<input type="hidden" name="{{ checkbox_name }}" value="{{ source.pk }}">
<input type="hidden" name="apply" value="1">
<div class="submit-row"><input type="submit" class="default" value="{{ submit_label }}"></div>
</form>
{% endblock %}"""


@functools.cache
def _copy_page() -> Any:
    return engines["django"].from_string(_COPY_PAGE_SOURCE)


class CopyProfileForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=50)
    name_kk = forms.CharField(label=_("name (Kazakh)"), max_length=300)
    name_ru = forms.CharField(label=_("name (Russian)"), max_length=300)
    name_en = forms.CharField(label=_("name (English)"), max_length=300, required=False)


def _free_code(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet."""
    taken = set(RegulationProfile.objects.filter(code__startswith=base).values_list("code", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


class RegulationRuleForm(forms.ModelForm):
    """Key and unit are fixed once a rule exists (modules read it by key as that unit); the value is checked."""

    class Meta:
        model = RegulationRule
        fields = ["key", "value", "unit", "section", "description_kk", "description_ru", "description_en"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("key", "unit"):
                if name in self.fields:
                    self.fields[name].disabled = True
        # the codes of a route (003 §10.3–§10.4): on a route rule, and in the header of the rules of a profile
        if "value" in self.fields and (not self.instance.pk or self.instance.unit == RegulationRule.Unit.ROUTE_STEPS):
            self.fields["value"].help_text = reglament.route_steps_help_text()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        unit, value = cleaned.get("unit"), cleaned.get("value")
        if unit and value is not None:
            try:
                cleaned["value"] = reglament.validate_rule_value(unit, value)
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


class RegulationRuleFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.key in required_keys():
                raise ValidationError(
                    _("The rule %(key)s is required and cannot be deleted."),
                    code="required_key",
                    params={"key": form.instance.key},
                )


class RegulationRuleInline(admin.TabularInline):
    """The rules of a profile: editable in a copy, read-only in a preset."""

    model = RegulationRule
    form = RegulationRuleForm
    formset = RegulationRuleFormSet
    fields = ["key", "value", "unit", "section", "description_kk", "description_ru", "description_en"]
    extra = 0
    ordering = ["key"]

    def _editable(self, obj: RegulationProfile | None) -> bool:
        return obj is not None and not obj.is_preset

    def has_add_permission(self, request: HttpRequest, obj: RegulationProfile | None = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: RegulationProfile | None = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RegulationProfile | None = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(RegulationProfile)
class RegulationProfileAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active", "is_preset", "based_on", "rule_count", "created_at"]
    list_display_links = ["code", "name"]
    list_filter = ["is_active", "is_preset"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    list_select_related = ["based_on"]
    fields = ["code", "name_kk", "name_ru", "name_en", "source", "is_active", "is_preset", "based_on", "created_at"]
    readonly_fields = ["is_active", "is_preset", "based_on", "created_at"]
    inlines = [RegulationRuleInline]
    actions = ["copy_profile", "make_active"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RegulationProfile]:
        return super().get_queryset(request).annotate(rule_count=Count("rules"))

    @admin.display(description=_("name"))
    def name(self, profile: RegulationProfile) -> str:
        return str(profile)

    @admin.display(description=_("rules"), ordering="rule_count")
    def rule_count(self, profile: RegulationProfile) -> int:
        return getattr(profile, "rule_count", 0)

    # --- permissions: new profiles only by copying; presets read-only; deletion one by one --------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RegulationProfile | None = None) -> bool:
        return (obj is None or not obj.is_preset) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RegulationProfile | None = None) -> bool:
        if obj is not None and (obj.is_preset or obj.is_active):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletion goes through the service, one profile at a time
        return actions

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        profile = self.get_object(request, object_id)
        if profile is not None and profile.is_preset and request.method == "GET":
            self.message_user(
                request,
                _("This profile is a preset and is read-only. To change it, copy it (action “Copy the profile”)."),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # --- saving through the service -------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: RegulationProfile, form: forms.Form, change: bool) -> None:
        reglament.save_profile(obj)

    def save_formset(self, request: HttpRequest, form: forms.Form, formset: Any, change: bool) -> None:
        if formset.model is not RegulationRule:
            super().save_formset(request, form, formset, change)
            return
        for rule in formset.save(commit=False):
            reglament.save_rule(rule)
        for rule in formset.deleted_objects:
            reglament.delete_rule(rule)

    def delete_model(self, request: HttpRequest, obj: RegulationProfile) -> None:
        reglament.delete_profile(obj)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, set[str], Any]:
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # the rules go with their profile; the rule list itself offers no deletion
        rules = str(RegulationRule._meta.verbose_name)
        return deleted, model_count, {name for name in perms_needed if str(name) != rules}, protected

    # --- actions --------------------------------------------------------------------------------------

    def _single(self, request: HttpRequest, queryset: QuerySet[RegulationProfile]) -> RegulationProfile | None:
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one profile."), messages.WARNING)
            return None
        return queryset.get()

    @admin.action(description=_("Copy the profile"), permissions=["change"])
    def copy_profile(self, request: HttpRequest, queryset: QuerySet[RegulationProfile]) -> HttpResponse | None:
        """Ask for the code and names of the copy, then copy every rule into a new editable profile."""
        source = self._single(request, queryset)
        if source is None:
            return None
        if "apply" in request.POST:
            form = CopyProfileForm(request.POST)
            if form.is_valid():
                try:
                    copy = reglament.copy_profile(source, **form.cleaned_data)
                except ValidationError as error:
                    form.add_error("code" if error.code in {"duplicate_code", "invalid"} else None, error)
                else:
                    self.message_user(
                        request,
                        _("The profile “%(source)s” was copied to “%(code)s”; the copy can be edited.")
                        % {"source": source.code, "code": copy.code},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:akimat_regulationprofile_change", args=[copy.pk]))
        else:
            form = CopyProfileForm(
                initial={
                    "code": _free_code(f"{source.code}-copy"),
                    "name_kk": f"{source.name_kk} (көшірме)",
                    "name_ru": f"{source.name_ru} (копия)",
                    "name_en": f"{source.name_en or source.name_ru} (copy)",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Copy the profile"),
            "intro": _("A new profile, not active and editable, gets every rule of “%(code)s — %(name)s”.")
            % {"code": source.code, "name": str(source)},
            "home_label": _("Home"),
            "submit_label": _("Copy"),
            "form": form,
            "source": source,
            "opts": self.model._meta,
            "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, _copy_page(), context)

    @admin.action(description=_("Make active"), permissions=["change"])
    def make_active(self, request: HttpRequest, queryset: QuerySet[RegulationProfile]) -> None:
        """Make the selected profile the only active one."""
        profile = self._single(request, queryset)
        if profile is None:
            return
        try:
            reglament.activate_profile(profile)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("The profile “%(code)s” is now active.") % {"code": profile.code}, messages.SUCCESS
        )


@admin.register(RegulationRule)
class RegulationRuleAdmin(admin.ModelAdmin):
    """All rules of all profiles, to search and compare; rules are added and deleted on their profile."""

    form = RegulationRuleForm
    list_display = ["key", "value", "unit", "section", "profile"]
    list_filter = ["profile", "unit"]
    search_fields = ["key", "section", "description_kk", "description_ru", "description_en"]
    list_select_related = ["profile"]
    ordering = ["profile__code", "key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RegulationRule | None = None) -> bool:
        return (obj is None or not obj.profile.is_preset) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RegulationRule | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RegulationRule, form: forms.Form, change: bool) -> None:
        reglament.save_rule(obj)
