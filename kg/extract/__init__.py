"""extract: one module per entity kind, each an ``extract(doc)`` returning facts (kg/facts.py).

The modules are wired into the pipeline by the declared list in ``kg/components.py``; how to
add a kind is in ``README.md`` next to this file.
"""
