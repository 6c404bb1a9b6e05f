"""Op families of the conformance generator (see conformance/generate.py for the contract)."""
