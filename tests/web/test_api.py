from fastapi.testclient import TestClient

from ngoreg.db.engine import transaction
from ngoreg.registry.service import add_organisation
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW
from tests.web.accounts import app_at


def test_the_api_and_the_page_list_the_registry(url: str) -> None:
    with transaction(url) as s:
        add_organisation(s, org_record(kind="social_association", name_zh="北京市青少年发展协会", province="Beijing",
                                       registered_on="2010-05-04"), actor=ACTOR, now=NOW)  # fmt: skip
    client = TestClient(app_at(url))  # the public: a registered social association is announced
    assert client.get("/api/v1/organisations").json()["items"][0]["name_zh"] == "北京市青少年发展协会"
    assert client.get("/api/v1/organisations", params={"as_of": "2009-01-01"}).json()["items"] == []
    assert client.get("/api/v1/organisations/search", params={"q": "青少"}).json()["items"][0]["id"] == 1
    assert client.get("/api/v1/organisations/7").status_code == 404
    bad = client.get("/api/v1/organisations", params={"as_of": "someday"})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("as_of: 'someday'")
    page = client.get("/", params={"q": "青少"})
    assert page.status_code == 200 and "北京市青少年发展协会" in page.text
    assert client.get("/api/v1/law/fngo/17").json()["citation"] == "FNGO Law art. 17"
    assert "/api/v1/organisations/{org_id}" in client.get("/api/v1/openapi.json").json()["paths"]
