"""stiwatch: STI cooperation news monitor for Thailand, Vietnam and ASEAN.

Installed, everything lives under this one name; the layers are its subpackages, each
importing only those below it (docs/architecture.md): ``core`` < ``crawler`` <
``pipelines`` < ``search`` < ``operate`` < ``deliver`` < ``cli``.
"""

__version__ = "0.1.0"
