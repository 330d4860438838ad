"""Registering a customer company for products (the other company shapes are in :mod:`.companies`)."""

from __future__ import annotations

from pydantic import BaseModel

from hozen.domain.policy import Product


class RegistrationInput(BaseModel):
    products: list[Product]
