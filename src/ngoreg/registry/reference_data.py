"""The authorities every installation starts with: the registrars the statutes name, the coordinating
groups and the Party-building structure the seeds describe, and the UN bodies. Names the sources do
not give are left empty (only counts are recorded, as figures); nothing is invented."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ngoreg.audit.repository import Actor
from ngoreg.reference import AuthorityKind as K
from ngoreg.reference import Level as L
from ngoreg.reference import provinces
from ngoreg.registry import repository as repo
from ngoreg.registry.service import add_authority, relate

SEED_000 = "seed 000_c8df8d162b7c3b89.txt"
SEED_001 = "seed 001_c2b4073388abb26e.txt"


def _public_security_zh(p: str, level: str) -> str:
    # Municipalities directly under the central government have a 公安局, the others a 公安厅.
    return f"{p}公安{'局' if level == 'municipality' else '厅'}"


def _civil_affairs_zh(p: str, level: str) -> str:
    return f"{p}民政{'局' if level == 'municipality' else '厅'}"


def load_authorities(session: Session, *, actor: Actor, now: datetime) -> int:
    """Idempotent: an authority already present (same kind, English name and province) is skipped."""
    added = 0

    def ensure(kind: K, level: L, zh: str | None, en: str | None, province: str | None = None,
               parent: int | None = None, note: str | None = None) -> int:  # fmt: skip
        nonlocal added
        found = repo.find_authority(session, kind=kind.value, name_en=en, province=province)
        if found:
            return found.id
        added += 1
        return add_authority(session, kind=kind.value, level=level.value, name_zh=zh, name_en=en,
                             province=province, parent_id=parent, note=note, actor=actor, now=now)  # fmt: skip

    mps = ensure(K.REGISTRAR_PUBLIC_SECURITY, L.NATIONAL, "中华人民共和国公安部", "Ministry of Public Security",
                 note="Registrar of foreign NGO representative offices (FNGO Law art. 6(1))")  # fmt: skip
    mca = ensure(K.REGISTRAR_CIVIL_AFFAIRS, L.NATIONAL, "中华人民共和国民政部", "Ministry of Civil Affairs")
    for p in provinces().values():
        if p.level in ("sar", "corps") or p.code == "710000":
            continue  # the Law's registrars are the provincial public security organs of the mainland
        ensure(K.REGISTRAR_PUBLIC_SECURITY, L.PROVINCIAL, _public_security_zh(p.name_zh, p.level),
               f"{p.name_en} Public Security {'Bureau' if p.level == 'municipality' else 'Department'}",
               p.code, mps)  # fmt: skip
        ensure(K.REGISTRAR_CIVIL_AFFAIRS, L.PROVINCIAL, _civil_affairs_zh(p.name_zh, p.level),
               f"{p.name_en} Civil Affairs {'Bureau' if p.level == 'municipality' else 'Department'}",
               p.code, mca)  # fmt: skip
    national = ensure(
        K.COORDINATING_GROUP, L.NATIONAL, None, "National Coordinating Small Group for Foreign NGO Management Work",
        note=f"Established May 2016, led by the Ministry of Public Security with 28 other member entities whose "
        f"names were not published (FNGO Law art. 7(2); {SEED_000})",
    )
    if not repo.relation_exists(session, predicate="leads", subject_org_id=None, subject_authority_id=mps,
                                object_org_id=None, object_authority_id=national, valid_from=None, valid_to=None):
        relate(session, "leads", subject=("authority", mps), obj=("authority", national), valid_from=None,
               actor=actor, now=now, basis="FNGO Law art. 7(2)")  # fmt: skip
    for name in ("Gansu", "Chongqing", "Ningxia", "Anhui", "Inner Mongolia", "Guizhou"):
        code = next(p.code for p in provinces().values() if p.name_en == name)
        ensure(K.COORDINATING_GROUP, L.PROVINCIAL, None,
               f"{name} Coordinating Small Group for Foreign NGO Management Work", code, national,
               note=f"Reported established ({SEED_000})")  # fmt: skip
    ensure(K.PARTY_COMMITTEE, L.PROVINCIAL, None,
           "Beijing Municipal Association of Federations and Chambers of Commerce (Comprehensive Party Committee)",
           "110000", note=f"Approved December 2016; leads the Party building of nearly 3,000 social organisations "
           f"through 52 joint Party committees of about 50 organisations each, whose names were not "
           f"published ({SEED_001})")  # fmt: skip
    ecosoc = ensure(K.UN_BODY, L.INTERNATIONAL, "联合国经济及社会理事会", "Economic and Social Council (ECOSOC)",
                    note="Grants consultative status (UN Charter art. 71; ECOSOC resolution 1996/31)")  # fmt: skip
    ensure(K.UN_BODY, L.INTERNATIONAL, "非政府组织委员会", "Committee on Non-Governmental Organizations", None, ecosoc,
           note="Standing committee of ECOSOC; recommends consultative status (resolution 1996/31)")  # fmt: skip
    ensure(K.UN_BODY, L.INTERNATIONAL, None, "NGO Branch, UN Department of Economic and Social Affairs", None, ecosoc)
    return added
