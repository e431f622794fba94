"""The query page of ``kg serve`` (``index.html``, ``page.js``, ``page.css``) and YASGUI,
vendored from its npm package (``yasgui/``, see ``yasgui/README.md``)."""
