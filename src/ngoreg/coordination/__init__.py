"""The coordinating groups for foreign NGO management work (FNGO Law art. 7(2), seed 000): the national group
and the provincial groups the seed reports, each fact with its source (`groups.csv`, read by `data`), and which
groups coordinate each representative office and temporary activity of the registry on a day (`resolver`)."""
