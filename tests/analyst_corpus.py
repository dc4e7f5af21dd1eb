"""A constructed corpus for the analyst tools (trends, rising, brief, profiles): eleven weeks
of articles ending on ``AS_OF``, with known counts.

- steady: theme ``ai`` (4 a week, TH), theme ``energy`` (3 a week, VN), agency NSTDA;
- rising this week: theme ``quantum`` (1 every other baseline week, 7 this week) and
  country KR (never before, 4 this week);
- one story in three languages this week (a Thai original, its Vietnamese and English
  versions, with translations), a cooperation event with a forum number, an undated
  article, and an article whose title is hostile markup.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.corpus_conformance import _record

AS_OF = date(2024, 6, 16)  # a Sunday
HOSTILE_TITLE = 'Quantum <script>alert("x")</script> & <b>bold</b> workshop'


def _day(week: int, weekday: int) -> date:
    """A day of window ``week`` (0: the 7 days ending AS_OF), ``weekday`` 0..6 within it."""
    return AS_OF - timedelta(days=7 * week + 6 - weekday)


def _published(day: date, hour: int = 9) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00+07:00"


def _steady(week: int) -> list[dict[str, Any]]:
    out = []
    for n in range(4):
        out.append(
            _record(
                f"ai{week:02d}{n}",
                title=f"AI research note {week}-{n}",
                text="Artificial intelligence research. Thai universities share models. More follows.",
                language="en",
                source="nstda",
                published=_published(_day(week, n)),
                countries=["TH"],
                agencies=["NSTDA"] if n < 2 else [],
                themes=["ai"],
            )
        )
    for n in range(3):
        out.append(
            _record(
                f"en{week:02d}{n}",
                title=f"Năng lượng sạch {week}-{n}",
                text="Việt Nam phát triển năng lượng sạch. Dự án mới được công bố. Thông tin thêm.",
                language="vi",
                source="most-vn",
                published=_published(_day(week, n + 3)),
                countries=["VN"],
                agencies=["MOST-VN"],
                themes=["energy"],
            )
        )
    return out


def _quantum(week: int) -> list[dict[str, Any]]:
    if week == 0:
        count = 7
    elif week % 2 == 0:
        count = 1
    else:
        count = 0
    return [
        _record(
            f"qu{week:02d}{n}",
            # The newest quantum article of the week carries hostile markup in its title.
            title=HOSTILE_TITLE
            if week == 0 and n == count - 1
            else f"Quantum computing cooperation {week}-{n}",
            text="Quantum technology cooperation between Thailand and Korea. Researchers met in Bangkok. "
            "A joint call follows.",
            language="en",
            source="bangkokpost-tech",
            published=_published(_day(week, n % 7), 10),
            countries=["TH", "KR"] if week == 0 and n < 4 else ["TH"],
            agencies=["NSTDA"] if n == 1 else [],
            themes=["quantum"],
            cooperation=["mou"] if n == 2 else [],
        )
        for n in range(count)
    ]


def _story() -> list[dict[str, Any]]:
    """One news item in three languages (one story), this week."""
    day = _day(0, 2)
    common = {"countries": ["TH", "VN"], "themes": ["semiconductors"], "story_id": "story-chips"}
    return [
        _record(
            "story-th",
            title="ไทยและเวียดนามลงนามความร่วมมือด้านเซมิคอนดักเตอร์",
            text="กระทรวงการอุดมศึกษาฯ ลงนามบันทึกความเข้าใจกับเวียดนาม เพื่อพัฒนาเซมิคอนดักเตอร์ ทั้งสองฝ่ายจะแลกเปลี่ยนนักวิจัย "
            "การประชุมคณะกรรมการร่วมครั้งที่ 5 จะจัดขึ้นปีหน้า",
            language="th",
            source="mhesi",
            published=_published(day, 8),
            agencies=["MHESI", "MOST-VN"],
            cooperation=["mou", "joint-committee"],
            forums=["JC-TH-VN-5"],
            translations={
                "en": {
                    "title": "Thailand and Vietnam sign semiconductor cooperation",
                    "text": "The ministry signed an MoU with Vietnam on semiconductors. Both sides will exchange "
                    "researchers. The fifth joint committee meets next year.",
                }
            },
            **common,
        ),
        _record(
            "story-vi",
            title="Việt Nam và Thái Lan hợp tác về bán dẫn",
            text="Bộ Khoa học và Công nghệ ký biên bản ghi nhớ với Thái Lan. Hai bên trao đổi nhà nghiên cứu.",
            language="vi",
            source="most-vn",
            published=_published(day, 11),
            agencies=["MOST-VN"],
            cooperation=["mou"],
            **common,
        ),
        _record(
            "story-en",
            title="Thailand, Vietnam team up on chips",
            text="Thailand and Vietnam signed a memorandum on semiconductors. Researchers will be exchanged.",
            language="en",
            source="vnexpress-en",
            published=_published(day, 15),
            agencies=["MHESI"],
            **common,
        ),
    ]


def analyst_corpus() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for week in range(11):
        records.extend(_steady(week))
        records.extend(_quantum(week))
    records.extend(_story())
    records.append(
        _record(
            "undated-1",
            title="Undated energy note",
            text="No date here.",
            language="en",
            source="bangkokpost-tech",
            published=None,
            countries=["TH"],
            themes=["energy"],
        )
    )
    return records
