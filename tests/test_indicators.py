"""The package's indicator catalogue keeps every id of the shared spec, with the same meaning."""

from __future__ import annotations

from aigap.indicators import catalogue

SPEC_IDS = {
    "ai_papers", "ai_paper_share", "genai_papers", "highly_cited_papers", "ai_citation_share", "ai_patents",
    "paper_share_by_sector", "ai_researchers", "top_ai_researchers_share", "elite_ai_researchers_share",
    "ai_phd_retention", "gov_ai_rd_funding", "ai_investment_total", "private_ai_investment", "big_tech_ai_capex",
    "ai_funding_events", "ai_funding_amount", "ai_chip_dependence", "ic_imports_units", "ic_imports_value",
    "ic_output_units", "ai_compute_capacity", "chip_market_share", "notable_ml_models", "foundation_models",
    "approved_genai_services", "genai_startups", "model_benchmark_score", "model_benchmark_rank", "model_parameters",
    "context_window", "ai_market_size", "ai_unicorns", "company_revenue", "company_net_profit", "company_orders",
    "market_cap", "ai_policies",
}


def test_catalogue_has_every_spec_id_with_names_definitions_and_cues() -> None:
    cat = catalogue()
    assert set(cat.indicators) >= SPEC_IDS
    for ind in cat.indicators.values():
        assert ind.en and ind.zh and ind.source and ind.pillar in cat.pillars
        assert ind.definition and ind.definition != ind.en
    assert all(cat.get(i).cues for i in SPEC_IDS)
    assert cat.get("ai_researchers").unit == "people" and cat.get("model_benchmark_rank").better == "lower"
