"""Access control: accounts, roles as data scoped by membership, and the decisions and SQL filters that
keep each person to what the law gives their role.

For the entry points:
* who is asking — `service.authenticate_token(session, token, now)` (bearer), `service.authenticate_session(
  session, cookie, now)` (browser; returns the principal and the session's CSRF token), `service.login(
  session, username, password, ip=…, now=…)` then `service.start_session(session, principal, now)`;
  `principal.PUBLIC` when nobody is signed in;
* may they — `policy.can(principal, action, facts)` with facts from `facts.org_facts`, `filing_facts`,
  `start_facts`, `audit_facts`; `policy.require(decision)` raises `errors.Forbidden`;
  `policy.acting_roles(principal, filing_facts)` for the workflow roles to act as;
* what may they list — `filters.organisations`, `filings`, `due`, `audit_events`;
* what of a public filing is shown — `public.visible_data`.
"""
