# ruff: noqa: E501  (the distribution table below is meant to be copied as is)
"""Synthetic raw data: what Airbyte loads for a retailer selling online and in stores.

`generate(path, profiles, seed, as_of)` (re)creates every table of `cdp.raw_schema.RAW_TABLES`
and the ground truth `cdp_truth.*` in a DuckDB file, deterministically for (profiles, seed,
as_of). About 30 raw rows per profile; activity spans the 730 days before `as_of`.

Distributions (per person unless stated; N = profiles):

| What | Distribution |
|---|---|
| Countries | FR 86%, BE 6%, CH 4%, LU/DE 1% each, ES/IT 0.7%, GB 0.6% |
| Names | 85% French (Zipf over ~70 female + ~70 male first names, ~200 last names, accents, hyphens), 15% international |
| Households | 70% alone, 17% of persons in 2-person, 8% in 3-, 5% in 4-person households: same address, 75% same last name, landline in 35% (15% of singles), family email in 20% (each member uses it with p 0.6) |
| Age | Normal(44, 15) kept within 18-92 |
| Emails | unique personal address (8 local-part patterns, country-weighted domains); 7% changed it during the window (old one on older records) |
| Phones | 92% have a unique mobile; formats mixed per record (`06 12 34 56 78`, `+33612345678`, `0612345678`, `+33 (0)6 ...`, dotted, `0033...`), a trunk 0 only where the country dials one (none in Spain, Italy, Luxembourg); Italian landlines begin with their own 0 (`+39 (0)6 ...` keeps it) |
| Moves | 8% of households move once in the window (old address before) |
| Test accounts | max(3, N/25,000) persons `is_test_account` ("Test Test", test@test.com, 0000000000); the same junk emails/phones on 0.3-2% of other persons' records |
| Anonymous visitors | 0.28 x N extra persons (ids > N): one cookie, 1 + Poisson(0.3) sessions, nothing else |
| CRM contacts | 70% of persons; 1 + {0,1,2,3} (45/30/15/10%) versions plus one per move / email change / consent flip; 3% of persons have a duplicate contact (nickname 35%, typo 20-25%, no email 45%); loyalty card for 50% of contacts; birth date missing 2%, malformed 0.5%; 0.4% deleted |
| Shop customers | 55% of persons (95% of them browse the web); 1-2 versions (+ moves / email changes) |
| Orders | Poisson(2 x account age share) per customer (first order at sign-up for 80% of new accounts), 25% of other web visitors order as guests (1 + Poisson(0.3)); 8% of orders paid as guest; 1-4 lines (50/27/15/8%); refunds 8% (40% partial); reviews 10% (0.5% malformed ratings) |
| Abandoned checkouts | Poisson(0.8 x account age share) per customer; Poisson(0.25) per other web visitor, half email only, half cart token only |
| Products / stores / campaigns | 1,200 products (6 categories, Zipf popularity, 25% repriced); 40 stores (S001-S040, 3 tills, 2 tablets each); 208 campaigns (two a week, 80% email, the last on the day before as_of); all three are full-refresh streams |
| Store visits | 60% of persons (95% of loyalty members), 1 + Poisson(0.6) transactions, 1-4 lines; card on 70% of a member's receipts, receipt email 25%; malformed ids 0.2%, dates 0.4% (0.3% unparseable, 0.1% empty), decimal commas 1.5% |
| Web | 75% of persons; 1-3 devices (50/35/15%), 1-2 cookies each (70/30%), cookie life Exp(240 days); 1 + Poisson(0.9) sessions per cookie, Geometric(0.32) events per session; 4% of store shoppers use a shared store tablet once |
| Logins / sign-ups | 60% of shop customers' cookies (80% on tablets) log in 1-2 times; 10% of other CRM persons' cookies sign up with an email |
| Consent banner | 92% of cookies choose (10% change their mind later): analytics 72%, ads 75% of those (10% otherwise) |
| Ad exposures | cookies that accept ads: Poisson(4.5) rows over the cookie life; 20 campaigns (meta, google, criteo) |
| Email / SMS | contacts opted in: Poisson(7.15) email and Poisson(3.25) SMS draws, kept when opted in at send time (about 5.5 email sends per opted-in contact); opens 25% of emails, clicks 4%, bounces 2%, unsubscribes 0.5% |
| Support tickets | 10% of persons, 1-2 tickets, open/pending/solved/closed paths of 1-3 versions |
| Unpaid invoices | 2.4% of CRM/shop persons, 0.8% of others; 1-2 invoices, 1-2 versions |
| Record noise | first names: typo 2%, nickname 3%, accents 4%, upper 4%, lower 1.5%, spaces 1.5%, missing 0.5%; swapped names 1%; emails: typo 1.5%, case 4%, spaces 2%, missing 3%, test 0.3% (CRM x1.5; tills and guests more) |
| Airbyte | daily syncs, the last 25 min before as_of; full-refresh streams hold the last sync only, `_airbyte_generation_id` = sync number, append streams generation 1; re-extracted duplicates 0.5%; late events 1% (2-14 days, ads 3%); `_airbyte_meta` field NULLED 0.3% (10% of long text TRUNCATED), key NULLED 0.05%; impossible timestamps 0.1% of orders/events (2099, +3-60 days, 1970, 1999); versions replaced before the next sync are never extracted |
"""

from cdp.generator.runner import GenerationReport, generate

__all__ = ["GenerationReport", "generate"]
