"""The optional C composer (yamlkit/_compose.c); everything else is declared in pyproject.toml.

It needs a C compiler, Python's headers and libyaml's (Debian: libyaml-dev). Without them the
build skips it (``optional=True``) and yamlkit composes with PyYAML's slower C composer, with the
same results.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("yamlkit._compose", ["yamlkit/_compose.c"], libraries=["yaml"], optional=True)])
