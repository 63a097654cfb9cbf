"""Pandera models for the scored frame (contact x target) and the ranked plan."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

CHANNELS = ["email", "linkedin"]


class ScoredSchema(pa.DataFrameModel):
    """One row per (contact, target) with a score above zero, and the breakdown behind it."""

    contact_id: str = pa.Field(nullable=False)
    target: str = pa.Field(nullable=False)
    score: float = pa.Field(gt=0)
    fit: float = pa.Field(gt=0, le=1)
    keyword_score: float = pa.Field(ge=0, le=1)
    matched: pl.List(pl.String) = pa.Field()
    s_school: float = pa.Field(ge=0, le=1)
    s_near_peer: float = pa.Field(ge=0, le=1)
    s_seniority: float = pa.Field(ge=0, le=1)
    s_warmth: float = pa.Field(ge=0, le=1)
    s_reachability: float = pa.Field(ge=0, le=1)
    s_target_company: float = pa.Field(ge=0, le=1)
    why: str = pa.Field(nullable=False)
    channel: str = pa.Field(isin=CHANNELS)
    how_we_know: str = pa.Field(nullable=False)

    class Config:
        strict = True
        unique = ("contact_id", "target")


class PlanSchema(pa.DataFrameModel):
    """The ranked plan: one row per contact, in send order, with a week and questions to ask."""

    rank: int = pa.Field(ge=1, unique=True)
    contact_id: str = pa.Field(nullable=False, unique=True)
    name: str = pa.Field(nullable=True)
    company: str = pa.Field(nullable=True)
    title: str = pa.Field(nullable=True)
    target: str = pa.Field(nullable=False)
    fit: float = pa.Field(gt=0, le=1)
    score: float = pa.Field(gt=0)
    why: str = pa.Field(nullable=False)
    channel: str = pa.Field(isin=CHANNELS)
    how_we_know: str = pa.Field(nullable=False)
    send_week: int = pa.Field(ge=1)
    send_date: pl.Date = pa.Field(nullable=False)
    email: str = pa.Field(nullable=True)
    linkedin_url: str = pa.Field(nullable=True)
    matched: pl.List(pl.String) = pa.Field()
    questions: pl.List(pl.String) = pa.Field()

    class Config:
        strict = False  # the signal breakdown (keyword_score, s_*) rides along after these
