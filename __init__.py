"""The root of a kg checkout is not the kg package (that is ``kg/`` inside it).

Python imports this file as ``kg`` when it runs in the folder that holds a checkout named
``kg``: without it, ``import kg`` would silently give an empty namespace package instead of
the installed kg. Say so instead. (Imported under any other name — pytest collects it as the
package of the checkout folder — it does nothing.)
"""
import os

if __name__ == "kg":
    raise ImportError(
        f"'import kg' found {os.path.dirname(os.path.abspath(__file__))}, a checkout of kg, not "
        "the kg package inside it: start Python in another folder (or inside the checkout), or "
        "rename the checkout folder")
