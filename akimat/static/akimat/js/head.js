/* Loaded in <head> without defer, so it runs before the first paint: the page says that JavaScript is
   available, and the phone menu (hidden by app.css under .js) does not flash open. A file, not an inline
   script, so that the Content-Security-Policy needs no exception for it. */
document.documentElement.classList.replace("no-js", "js");
