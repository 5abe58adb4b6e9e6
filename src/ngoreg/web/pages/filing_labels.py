"""The filing pages' own words, marked for the app's catalogue: what every procedure's filing shows whatever
its regime (the engine's refusals, `workflow.engine`; the permission refusals, `access.policy.SENTENCES`; the
fixed problems of a refused value; a deadline's status; the events of the filing service and the sweep). They
live outside `ngoreg.web`, where the extractor does not look: marked here, they survive `pybabel update`.

The words of a regime's procedures are its own, in its catalogue (`Regime.catalogue`, `workflow.words`)."""

from ngoreg.web.pages.charts import N_

WORDS = [
    N_('filing.started'),
    N_('deadline.expired'),
    N_("expired"), N_("open"), N_("met_late"), N_("unrecorded"),
    N_('system'),
    N_('cannot {step} while the filing is {state}'),
    N_('only {roles} may {step}'),
    N_('{label} must be given ({field})'),
    N_('no role of {who} reaches {action}'),
    N_('no role of {who} reaches organisation {org}, and it is not published'),
    N_('no role of {who} reaches filing {filing}, and it is not published'),
    N_('no role of {who} reaches the obligations of filing {filing}'),
    N_('no role of {who} reaches the obligations of organisation {org}'),
    N_('no role of {who} reaches organisation {org} as {roles}, who start {procedure}'),
    N_('no role of {who} reaches filing {filing} as {role}'),
    N_('no role of {who} reaches audit event {event}'),
    N_('no role of {who} reaches the Party committee placement of organisation {org}'),
    N_('the public'),
    N_('nobody'),
    N_('is empty'),
    N_('must be a whole number'),
    N_('not a date; write YYYY-MM-DD'),
    N_('is not an id (a positive whole number)'),
    N_('choose a procedure'),
    N_('no such organisation'),
    N_('the form lacks its one-time key; reload the form'),
    N_("the form lacks the filing's version; reload the page"),
]  # fmt: skip
