"""Demo data for the fictional province "Đảng bộ tỉnh Sơn Lâm" (seed_demo, benchmarks).

A plain package, not an app: `plan` lays out the organization tree, `people` writes the members'
profiles and histories, `names` holds the Vietnamese name lists, and `seed` writes everything
through the real services (organizations, reorganizations) and `coso.members.bulk` (members).
Everything is deterministic for a given seed.
"""
