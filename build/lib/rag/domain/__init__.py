"""The vocabulary of the domain, each word list in exactly one place: authorities, grades, judgements,
kinds of visit, report sections."""
