"""The column mapping of a でんさい 開示 CSV (SPEC §17): which heading holds which item of a record.

Shipped as ``hozen/policies/densai.toml``; another one is given as a TOML file of the same shape
(docs/densai.md). Headings are compared folded (NFKC) and without spaces.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

Heading = str


class DensaiColumns(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    record_number: Heading = Field(min_length=1, max_length=100)
    issue_date: Heading = Field(min_length=1, max_length=100)
    due_date: Heading = Field(min_length=1, max_length=100)
    amount: Heading = Field(min_length=1, max_length=100)
    record_kind: Heading = Field(min_length=1, max_length=100)
    debtor_corporate_number: Heading = Field("", max_length=100)
    debtor_user_number: Heading = Field("", max_length=100)
    debtor_name: Heading = Field("", max_length=100)

    @model_validator(mode="after")
    def _names_the_debtor(self) -> DensaiColumns:
        if not (self.debtor_corporate_number or self.debtor_user_number or self.debtor_name):
            raise ValueError("columns: name at least one of debtor_corporate_number, debtor_user_number, debtor_name")
        return self


class DensaiRecordKinds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    issuance: tuple[str, ...] = Field(min_length=1, max_length=50)
    transfer: tuple[str, ...] = Field(min_length=1, max_length=50)


class DensaiMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    columns: DensaiColumns
    record_kind: DensaiRecordKinds
