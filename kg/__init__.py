"""kg — a knowledge-graph builder for Chinese UN meeting reports.

Pipeline (one module per stage): read → normalize → segment → extract → resolve → emit →
store / query / visualize. For notebooks::

    import kg
    result = kg.build(["reports/"], out_dir="output")
    result.query("citations")      # list of dicts, ready for pandas.DataFrame
    result.graph                   # rdflib.Graph over the Oxigraph store
"""
__version__ = "0.1.0"


def build(paths=None, out_dir="output", **kwargs):
    from .batch import build as _build

    return _build(paths, out_dir, **kwargs)
