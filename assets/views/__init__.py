"""The assets app's pages, one module per area (the register side: ``register``, ``labels``, ``moves``,
``counts``, ``writeoffs``, ``reports``; the repairs side adds ``repairs``)."""
