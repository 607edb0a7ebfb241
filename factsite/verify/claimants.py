"""Checks that each card's claimant is declared, as a person or an organization, in site.yaml."""

from __future__ import annotations

from ..load.settings import yaml_key
from ..model import Card, Diagnostic, SiteConfig


def claimant_problems(card: Card, config: SiteConfig) -> list[Diagnostic]:
    """Return an error when the card names a claimant content/site.yaml does not list."""
    # ClaimReview types the claim's author from this list: an unlisted name would go out
    # untyped, or typed by guess.
    if not card.claimant or card.claimant in config.claimants:
        return []
    message = f"claimant {card.claimant!r} is not listed in content/site.yaml claimants"
    example = f"claimants: {{{yaml_key(card.claimant)}: organization}}"
    hint = f"add it there as person or organization: {example}"
    return [Diagnostic.error(card.path, message, hint, pos=card.at("claimant"))]
