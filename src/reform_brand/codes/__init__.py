"""The entries of the message catalogue, one module per part of the
project; :mod:`reform_brand.catalogue` loads them explicitly.  Plain data:
importing a module here registers nothing."""
