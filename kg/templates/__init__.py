"""The graph page's template (``page.html``) and its script and style (``page.js``,
``page.css``), inlined by ``kg/visualize.py`` into graph.html and into a view of
``Build.to_pyvis``."""
