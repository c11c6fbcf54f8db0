"""FastSelect renders what Django's Select renders, without a template per option."""

from django import forms
from django.test.html import parse_html

from akimat.widgets import FastSelect, FastSelectMultiple

CHOICES = [("", "—"), ("People", [("person:1", "Ahmetov <A.>"), ("person:2", "Bekova")]), ("unit:3", "Finance")]


class Slow(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False, help_text="help")
    many = forms.MultipleChoiceField(choices=CHOICES)


class Fast(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False, help_text="help", widget=FastSelect)
    many = forms.MultipleChoiceField(choices=CHOICES, widget=FastSelectMultiple)


def test_the_html_is_the_same_as_djangos_select():
    # parse_html: attribute order and white space do not matter, as in assertHTMLEqual
    data = {"one": "person:2", "many": ["person:1", "unit:3"]}
    for name in ("one", "many"):
        assert parse_html(str(Fast(data)[name])) == parse_html(str(Slow(data)[name]))
    assert parse_html(str(Fast()["one"])) == parse_html(str(Slow()["one"]))


def test_labels_are_escaped_and_the_selection_is_read_back():
    form = Fast({"one": "person:1", "many": ["person:2"]})
    assert "Ahmetov &lt;A.&gt;" in str(form["one"])
    assert form.is_valid()
    assert form.cleaned_data == {"one": "person:1", "many": ["person:2"]}
