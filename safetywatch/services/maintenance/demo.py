"""Realistic demo data, written through the same services as a clerk's entries (architecture.md §1).

Every organisation unit, workstation and inspector is saved with :func:`reference.save_in`, every record
through its kind's use case (``kinds.registry``: a hazard with :func:`hazards.register_in`) and every step
of a hazard's loop with :func:`hazards.act_in`, so validation, numbering, the role check, follow-up records
and the audit chain are exactly those of real use and ``verify`` passes on the result.

Two things make bulk generation bearable without a second write path:

* **Batching.** The use cases run inside the caller's transaction (``<verb>_in(w, ...)``), so the demo
  opens one transaction per simulated month on its own connection and hands them the writer
  ``Ledger.writer_on`` gives for it (acting for the ledger's user, with their role). Only the transaction
  boundary is wider than an entry's (a failure rolls back the whole month and stops).
* **synchronous=OFF** on the generation connection only, restored to FULL before the connection goes back
  to the pool. A demo database that loses power half-way is simply generated again.

The simulation walks day by day. The ledger's clock is a :class:`SimulatedClock` moved along with the
simulated day (so no found date is "in the future" to the validators, and audit instants rise
monotonically) whose instants never pass the caller's clock (the last day's afternoon is still to come
when the demo runs); the caller's clock is restored afterwards. All randomness comes from
``random.Random(seed)`` and is drawn in a fixed order, so the same seed gives the same records (only UUIDs
differ).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.db.dialect import WRITE_LOCK_KEY, is_postgres
from safetywatch.db.engine import storage_errors
from safetywatch.domain.clock import Clock
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission, Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import accounts, duty, hazards, reference, squads, suggestions, tours, violations
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.hazards import HazardInput, StepInput
from safetywatch.services.kinds.registry import KINDS
from safetywatch.services.kinds.squads import SquadInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.kinds.training import TrainingInput
from safetywatch.services.kinds.violations import HandlingInput, ViolationInput

#: ``progress(month, days_done, days_total)``, called once per simulated month ("2026-03").
Progress = Callable[[str, int, int], None]

#: China has one time zone; business days are local, audit instants UTC. Events are stamped between
#: 08:00 and 22:00 local, i.e. on the same UTC date, so the clock's ``today()`` is the simulated day.
_LOCAL_OFFSET = dt.timedelta(hours=8)
_DAY_START = dt.timedelta(hours=8)
_DAY_LENGTH_S = 14 * 3600


# --- scales -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    mines: int
    units: tuple[str, ...]  # 区队 of each mine
    inspectors_per_unit: int
    workstations_per_mine: int
    hazards_per_year: int  # whole scale, all mines
    stall_rate: float = 0.004  # share of looped hazards held up for months (the open backlog)


SCALES: dict[str, Scale] = {
    # For tests: every path (duplicates, stalls in each state) occurs within one year.
    "tiny": Scale(1, ("综采一队", "掘进一队"), 10, 1, 200, stall_rate=0.08),
    "mine": Scale(1, ("综采一队", "综采二队", "掘进一队", "掘进二队", "机电队", "通风队"), 33, 3, 3_500),
    # domain.md scale check: one group, ~2,000 inspectors, 20 units, 60 workstations, ~35,000 hazards/year.
    "group": Scale(4, ("综采一队", "掘进一队", "机电队", "运输队", "通风队"), 100, 15, 35_000),
}

GROUP_NAME = "鑫源能源集团"
MINE_NAMES = ("东山煤矿", "西岭煤矿", "南峪煤矿", "北塬煤矿", "龙泉煤矿", "石门煤矿")
_WORKSTATION_PLACES = (
    "主井口", "副井口", "中央风井口", "北风井口", "南风井口", "一采区", "二采区", "三采区", "东翼", "西翼",
    "斜井口", "北翼", "南翼", "新副井口", "老副井口",
)  # fmt: skip


# --- what happened, in Chinese --------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏"
    "钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛"
    "昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇"
    "固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧"
    "美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶"
)

# Locations by kind; {a} = 采区 number, {f} = working face number, {n} = a small number.
_PLACES: dict[str, tuple[str, ...]] = {
    "face": (
        "{f}综采工作面", "{f}综采工作面{n}#支架处", "{f}综采工作面机头", "{f}综采工作面机尾",
        "{f}综采工作面上隅角", "{f}运输顺槽超前支护段", "{f}回风顺槽", "{f}运输顺槽转载机处",
    ),
    "heading": (
        "{f}运输顺槽掘进工作面", "{f}回风顺槽掘进工作面", "{a}采区轨道下山掘进工作面", "{f}切眼掘进工作面",
        "{f}运输顺槽距迎头{n}0m处", "{f}回风顺槽局部通风机处",
    ),
    "electric": (
        "中央变电所", "{a}采区变电所", "-{d}水平中央泵房", "主井提升机房", "副井绞车房", "地面压风机房",
        "{f}运输顺槽移动变电站", "{a}采区水泵房", "{f}运输顺槽配电点",
    ),
    "transport": (
        "主井井底车场", "副井井底车场", "{a}采区轨道上山", "{a}采区皮带下山", "北翼运输大巷", "南翼轨道大巷",
        "{f}运输顺槽皮带机头", "{a}采区上部车场", "主斜井",
    ),
    "ventilation": (
        "{f}回风巷", "{a}采区回风上山", "{a}采区{n}#风门", "{f}切眼密闭", "主通风机房", "{a}采区回风石门",
        "{f}回风顺槽测风站", "总回风巷",
    ),
    "surface": ("主井口", "副井口", "井口等候室", "灯房", "地面瓦斯抽采泵站", "副井口信号房"),
}  # fmt: skip

#: unit name fragment -> (unit type, location kinds it works in)
_UNIT_TYPES = (
    ("综采", "longwall", ("face", "face", "face", "transport", "surface")),
    ("掘进", "heading", ("heading", "heading", "heading", "ventilation", "surface")),
    ("机电", "electric", ("electric", "electric", "transport", "face", "heading")),
    ("运输", "transport", ("transport", "transport", "transport", "surface")),
    ("通风", "ventilation", ("ventilation", "ventilation", "face", "heading", "surface")),
)


@dataclass(frozen=True)
class Template:
    category: str  # lookup code (reference.DEFAULT_CATEGORIES)
    nature: str  # R 人 / W 物 / H 环境 / G 管理
    units: str  # unit types it happens in, space-separated ("*" = any)
    text: str
    measures: str
    standard: str
    serious: bool = False  # more often B/A


# {n}, {m}, {p}: numbers drawn per hazard.
TEMPLATES: tuple[Template, ...] = (
    # 瓦斯 / 一通三防
    Template("WS", "H", "longwall ventilation", "上隅角瓦斯浓度达到0.{p}%，未及时采取处理措施",
             "加强上隅角瓦斯管理，调整风障，必要时停止作业撤出人员", "上隅角瓦斯浓度不超过0.8%", serious=True),
    Template("WS", "R", "longwall heading ventilation", "瓦斯检查员未按规定次数检查瓦斯，手册、牌板、记录不一致",
             "对瓦斯检查员进行帮教，补齐检查记录", "严格执行“三对口”制度"),
    Template("WS", "W", "heading ventilation", "局部通风机未实现“双风机、双电源”自动切换，切换试验记录缺失",
             "立即组织切换试验并建立记录", "局部通风机双风机双电源能自动切换", serious=True),
    Template("TF", "W", "heading ventilation", "风筒脱节，出风口距迎头{m}m，超过规定",
             "接好风筒，风筒出口距迎头不超过5m", "风筒吊挂平直、逢环必挂，出风口距迎头不超过5m"),
    Template("TF", "W", "ventilation", "风门不能自动关闭，两道风门同时打开",
             "检修风门闭锁装置", "风门能自动关闭且闭锁可靠"),
    Template("TF", "W", "ventilation longwall", "密闭墙周边有裂缝漏风，密闭前栅栏、警标缺失",
             "对密闭墙周边进行喷浆封堵，补设栅栏和警标", "密闭严密不漏风，栅栏警标齐全"),
    Template("TF", "W", "longwall heading", "转载点喷雾装置不能正常使用，现场粉尘大",
             "更换喷嘴，恢复喷雾", "各转载点喷雾装置齐全有效"),
    Template("TF", "H", "transport ventilation", "巷道积尘厚度超过{n}mm，未按规定冲洗",
             "组织人员冲洗巷道", "巷道无厚度超过2mm、连续长度超过5m的积尘"),
    # 顶板
    Template("DB", "W", "longwall", "{n}#至{m}#支架初撑力不足，最低18MPa，低于规定24MPa",
             "逐架补液，检查乳化液泵站压力", "支架初撑力不低于24MPa", serious=True),
    Template("DB", "H", "longwall", "工作面煤壁片帮深度{n}00mm，护帮板未及时打出",
             "及时打出护帮板，片帮处超前支护", "片帮处及时支护，护帮板到位"),
    Template("DB", "W", "longwall", "端面距超过340mm，支架接顶不严",
             "移架时带压擦顶移架，接顶不严处用木料背实", "端面距不大于340mm"),
    Template("DB", "R", "heading", "空顶距超过作业规程规定，未使用前探梁临时支护即进入空顶区作业",
             "立即停止作业，使用前探梁临时支护", "严禁空顶作业", serious=True),
    Template("DB", "W", "heading transport", "锚杆托盘松动{n}根，锚索外露长度不符合规定",
             "重新紧固锚杆托盘，补打锚索", "锚杆托盘紧贴岩面，预紧力矩符合规程"),
    Template("DB", "W", "longwall transport", "超前支护单体支柱失效{n}根，未及时更换",
             "更换失效单体支柱", "超前支护长度和支柱完好率符合规程"),
    Template("DB", "H", "heading ventilation transport", "巷道顶板离层仪读数增大{n}mm，未及时汇报处理",
             "加密观测并补强支护", "离层超过警戒值及时汇报并补强支护"),
    # 防治水
    Template("FZS", "G", "heading", "掘进工作面未执行“有掘必探”，探放水设计未审批即施工",
             "停止掘进，编制探放水设计并按设计探放水", "坚持“有掘必探、先探后掘”", serious=True),
    Template("FZS", "W", "electric", "水泵房{n}#水泵不能正常启动，排水能力不足",
             "检修水泵，确保工作、备用、检修水泵完好", "主排水泵工作、备用、检修三台完好"),
    Template("FZS", "H", "heading longwall transport", "巷道低洼处积水深度约{n}00mm，影响行人",
             "安设排水泵，清理积水", "巷道无积水，水沟畅通"),
    Template("FZS", "W", "transport ventilation", "水沟淤积，盖板缺失{n}块", "清挖水沟，补齐盖板",
             "水沟畅通，盖板齐全平稳"),
    # 机电
    Template("JD", "W", "electric longwall heading", "开关失爆：接线嘴压紧螺栓缺{n}条",
             "立即停电处理失爆", "电气设备无失爆"),
    Template("JD", "W", "electric longwall heading transport", "电缆吊挂不规范，与风水管路吊挂在同一侧",
             "按规定重新吊挂电缆", "电缆与管路分挂巷道两侧，吊挂整齐"),
    Template("JD", "W", "electric", "局部接地极锈蚀，接地电阻{n}Ω超过规定",
             "更换接地极并测试", "接地网上任一保护接地点接地电阻不大于2Ω", serious=True),
    Template("JD", "W", "electric transport", "漏电保护装置试验记录不全，未按规定每天试验",
             "补做漏电试验并建立记录", "检漏装置每天试验一次并记录"),
    Template("JD", "W", "longwall", "采煤机内外喷雾压力不足，喷嘴堵塞{n}个",
             "清理更换喷嘴，检查供水压力", "内喷雾不小于2MPa，外喷雾不小于4MPa"),
    Template("JD", "W", "longwall heading", "刮板输送机机头护罩缺失，转动部位无防护",
             "安装机头护罩", "转动部位防护罩齐全"),
    Template("JD", "R", "electric", "检修人员带电检修开关，未执行停送电制度",
             "立即制止，对当事人进行帮教", "严格执行停电、验电、放电、挂牌制度", serious=True),
    # 运输提升
    Template("YS", "W", "transport", "斜巷“一坡三挡”装置不齐全，{n}#挡车栏损坏",
             "修复挡车栏", "斜巷一坡三挡齐全可靠", serious=True),
    Template("YS", "R", "transport", "绞车司机无证操作", "更换持证司机，当事人培训取证",
             "特种作业人员持证上岗"),
    Template("YS", "W", "transport", "提升钢丝绳断丝超过规定，未及时更换", "停止提升，更换钢丝绳",
             "钢丝绳断丝面积与钢丝总断面积之比不超过规定", serious=True),
    Template("YS", "W", "transport longwall", "带式输送机跑偏，托辊损坏{n}个，防跑偏保护失效",
             "调整输送带，更换托辊，恢复保护", "带式输送机六大保护齐全有效"),
    Template("YS", "R", "transport", "跟车工蹬车、扒车，违章乘坐矿车", "制止并对当事人进行帮教",
             "严禁扒、蹬、跳车"),
    Template("YS", "W", "transport", "道岔扳道器损坏，轨道接头间隙超过{n}mm", "更换扳道器，调整轨道接头",
             "轨道接头间隙不大于5mm"),
    # 爆破
    Template("BP", "R", "heading", "爆破作业未执行“一炮三检”和“三人连锁”爆破制度", "停止爆破，当事人帮教",
             "严格执行一炮三检和三人连锁爆破", serious=True),
    Template("BP", "W", "heading", "炮眼封泥长度不足{n}00mm，未使用水炮泥", "按规定装填封泥和水炮泥",
             "封泥长度符合作业规程"),
    Template("BP", "G", "heading", "爆破警戒距离不足，警戒牌未设置", "按规定设置警戒", "警戒距离符合作业规程"),
    # 地测
    Template("DC", "G", "heading longwall", "掘进工作面未按规定进行地质预报，中腰线延伸不及时",
             "地测部门补做预报，延伸中腰线", "按规定进行地质预报和中腰线标定"),
    # 监测监控
    Template("JK", "W", "ventilation heading longwall", "甲烷传感器悬挂位置距顶板超过300mm，未按规定标校",
             "调整传感器位置并标校", "甲烷传感器位置、标校周期符合规定", serious=True),
    Template("JK", "W", "ventilation electric", "一氧化碳传感器显示值与便携仪对照误差大", "重新标校传感器",
             "传感器显示与便携仪误差在允许范围内"),
    Template("JK", "W", "ventilation", "风速传感器故障，监控中心显示断线", "更换风速传感器",
             "监测监控系统传感器完好运行"),
    # 职业卫生
    Template("ZW", "R", "longwall heading", "作业人员在粉尘作业场所未佩戴防尘口罩", "现场制止，发放防尘口罩",
             "接尘作业人员正确佩戴个体防护用品"),
    Template("ZW", "H", "electric", "{a}采区变电所内噪声大，未设置警示标识", "设置职业危害警示标识",
             "职业危害场所警示标识齐全"),
    # 劳保 / 其他 (anywhere)
    Template("LB", "R", "*", "{n}名职工入井未随身携带自救器", "立即升井领取自救器，对当事人帮教",
             "入井人员必须随身携带自救器"),
    Template("LB", "R", "*", "作业人员未按规定佩戴安全帽、矿灯", "现场纠正", "入井人员劳保用品穿戴齐全"),
    Template("LB", "G", "surface", "井口等候室安全学习资料未更新，班前会记录不全", "更新资料，补齐记录",
             "班前会制度落实"),
    Template("QT", "G", "*", "作业规程、安全技术措施未组织全员学习签字", "组织学习并签字",
             "作业人员学习规程措施并签字"),
    Template("QT", "H", "*", "巷道杂物、材料乱堆乱放，影响行人", "清理杂物，材料码放整齐",
             "文明生产，材料分类码放、挂牌管理"),
    Template("QT", "R", "*", "职工班中在巷道内睡岗", "现场制止，对当事人帮教", "严守劳动纪律"),
)  # fmt: skip

_EXTEND_REASONS = (
    "需停电检修，等待检修窗口", "备件未到货，已订购", "需编制专项安全技术措施并审批", "工程量大，需延长工期",
    "等待外委单位施工", "需协调生产接续",
)  # fmt: skip
_REJECT_REASONS = (
    "整改不彻底，现场仍有问题", "整改未达到标准要求", "整改记录不全，需补充", "复查发现同类问题仍存在",
)  # fmt: skip
_REMARKS = ("已通报区队", "已纳入本月考核", "已在井口公示", "班前会已传达")
_RETIRE_REASONS = ("调离", "退休", "岗位调整", "工作调动")


# --- the result -------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    """What the run made. Mines, units and workstations count those in use (the seeded mine and JK01 are
    reused); inspectors and everything after count new records only."""

    scale: str
    first_day: dt.date
    last_day: dt.date
    mines: int = 0
    units: int = 0
    workstations: int = 0
    inspectors: int = 0
    inspectors_retired: int = 0
    hazards: int = 0
    fixed_on_site: int = 0
    rejected: int = 0
    extended: int = 0
    escalated: int = 0
    voided: int = 0
    follow_ups: int = 0
    duty_sheets: int = 0
    duty_marks: int = 0
    violations: int = 0
    suggestions: int = 0
    squad_activities: int = 0
    tours: int = 0
    tour_problems: int = 0
    family_activities: int = 0
    training_sessions: int = 0
    audit_events: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        statuses = ", ".join(f"{k} {v:,}" for k, v in self.by_status.items())
        return (
            f"{self.scale} {self.first_day}..{self.last_day}: {self.mines} mines, {self.units} units, "
            f"{self.workstations} workstations, {self.inspectors:,} inspectors ({self.inspectors_retired:,} left); "
            f"{self.hazards:,} hazards ({self.fixed_on_site:,} fixed on site; {statuses}; overdue {self.overdue:,}; "
            f"rejected {self.rejected:,}, extended {self.extended:,}, escalated {self.escalated:,}); "
            f"{self.follow_ups:,} follow-ups; {self.duty_sheets:,} shift sheets with {self.duty_marks:,} marks; "
            f"{self.violations:,} 三违, {self.suggestions:,} suggestions, {self.squad_activities:,} squad checks, "
            f"{self.tours:,} tours ({self.tour_problems:,} problems), {self.family_activities:,} family activities, "
            f"{self.training_sessions:,} training sessions; "
            f"{self.audit_events:,} audit events"
        )


class SimulatedClock:
    """The demo's clock: the simulated day for the validators (``today``), and audit instants at the
    simulated time of day but never later than the *real* clock's (``now_utc``). Records are dated up to
    the last simulated day; their events are never stamped in the future, where the first real entry after
    the demo would seem to go back in time along the chain."""

    def __init__(self, now: dt.datetime, *, real: Clock) -> None:
        self.now = now  # the simulated instant; the generator moves it forward
        self.real = real

    def now_utc(self) -> dt.datetime:
        return min(self.now, self.real.now_utc())

    def today(self) -> dt.date:
        return self.now.date()


# --- batching through the ordinary services ------------------------------------------------------------


@contextmanager
def _generation_connection(ledger: Ledger) -> Iterator[Connection]:
    """One pooled connection for the whole run, not waiting for the disk at each commit until it goes back to
    the pool: synchronous=OFF on SQLite, ``synchronous_commit = off`` for this session on PostgreSQL (the
    server's own analogue: a crash may lose the last commits, never corrupt the database)."""
    with storage_errors(), ledger.engine.connect() as conn:
        # A fresh demo database: losing the last seconds on power failure costs nothing (regenerate),
        # so skip the fsync per commit here only. Every other connection keeps its durable commits.
        server = is_postgres(conn)
        raw = conn.connection.driver_connection
        assert raw is not None
        if server:
            conn.exec_driver_sql("SET synchronous_commit = off")
            conn.commit()
        else:
            raw.execute("PRAGMA synchronous=OFF")
            conn.execution_options(sw_begin="IMMEDIATE")
        try:
            yield conn
        finally:
            # Ctrl-C inside a statement makes SQLAlchemy close the connection (the transaction is rolled
            # back with it): nothing to restore then, and touching it would hide the interrupt.
            if not conn.invalidated:
                if conn.in_transaction():
                    conn.rollback()
                if server:
                    conn.exec_driver_sql("RESET synchronous_commit")
                    conn.commit()
                else:
                    raw.execute("PRAGMA synchronous=FULL")


class _Batches:
    """Opens and commits the transactions the services' calls are grouped into, each with its writer."""

    def __init__(self, conn: Connection, ledger: Ledger) -> None:
        self.conn = conn
        self.ledger = ledger
        self.writer: Writer | None = None
        self.server = is_postgres(conn)
        #: The shift sheets' changes to the monthly duty rollup, written once before each commit (a
        #: simulated month holds ~5,000 marks of a few hundred inspectors; nothing reads rates meanwhile).
        self.month_totals = duty.MonthTotals()

    def begin(self) -> None:
        self.conn.begin()
        if self.server:  # one writer at a time, as db.engine.write_transaction (SQLite: BEGIN IMMEDIATE)
            self.conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        self.writer = self.ledger.writer_on(self.conn)

    def commit(self) -> None:
        self.month_totals.apply(self.conn)
        self.writer = None
        self.conn.commit()


# --- the simulated world -----------------------------------------------------------------------------


@dataclass
class _Unit:
    id: int
    name: str
    kind: str  # longwall | heading | electric | transport | ventilation
    places: tuple[str, ...]
    index: int  # within the mine
    mine: _Mine
    leaders: list[str]  # 队长/副队长/技术员: sign notice receipts, are named as responsible
    foremen: list[str]  # 班组长: rectify
    slots: list[int | None] = field(default_factory=list)  # current inspector id per roster slot
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=30))  # numbers, for duplicates


@dataclass
class _Mine:
    id: int
    code: str
    name: str
    index: int
    depth: int
    workstations: list[int]
    names: _Names  # every person of the mine has a distinct name
    safety_staff: list[str]  # 安监员: accept (never the rectifier)
    deputy: str  # 安全副矿长: orders supervised listings
    units: list[_Unit] = field(default_factory=list)


@dataclass
class _Plan:
    """A hazard's future: steps still to happen, in order."""

    hazard_id: int
    steps: list[StepInput]


class _Names:
    """Chinese names, unique within one mine so an acceptor is never a rectifier by accident."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


class _Quota:
    """Rare outcomes at a steady rate: a hit each time the accumulated probability passes a whole number.

    Independent draws would leave a small run (the ``tiny`` scale) without any duplicate or stalled hazard;
    this gives floor(phase + n·p) hits in n tries, with a random phase.
    """

    def __init__(self, rng: random.Random) -> None:
        self.total = rng.random()

    def hit(self, probability: float) -> bool:
        self.total += probability
        if self.total >= 1.0:
            self.total -= 1.0
            return True
        return False


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


#: Month factors: fewer reports around the Spring Festival, more in the June safety month (安全生产月).
_SHIFT_CODES = ("1", "2", "3")
_GROUP_HAZARDS_PER_YEAR = 35_000  # the scale the yearly figures of domain.md are given for
_VIOLATIONS = {
    "ZY": (
        "未执行敲帮问顶进入工作面",
        "扒乘运输皮带",
        "带电检修设备",
        "空顶作业",
        "未按规定闭锁即进入溜槽",
        "放炮未执行“一炮三检”",
        "跨越运转中的刮板输送机",
    ),
    "JL": ("班中睡岗", "未佩戴自救器入井", "酒后入井", "脱岗串岗", "未戴安全帽进入作业地点", "在井下吸烟"),
    "ZH": ("安排未经培训人员上岗作业", "瓦斯超限时强令继续作业", "未采取安全措施即安排检修"),
}
_TRADES = ("采煤机司机", "支架工", "掘进机司机", "电钳工", "皮带司机", "放炮员", "瓦检员", "运输工", "通风工")
_SUGGESTIONS = (
    "{place}增设防护栏和警示标志",
    "{place}加装视频监控",
    "{place}改进洒水降尘方式",
    "建议{place}增加照明",
    "{place}皮带机头加装防护罩",
    "优化{place}交接班确认流程",
    "{place}设置避险硐室指示牌",
)
_TOUR_PROBLEMS = {
    "safety": ("{place}支护不及时", "{place}积水未排", "{place}风门关闭不严", "{place}消防器材过期"),
    "labour": ("{place}班中餐送不到", "{place}劳保用品发放不及时", "井口浴室热水不足", "等候室座椅不够"),
    "other": ("职工反映加班补贴核算不清", "食堂饭菜价格偏高", "宿舍维修不及时"),
}
_WORRIES = ("情绪低落", "家庭矛盾", "身体不适仍坚持上岗", "经济困难", "酗酒")
#: cumulative odds of a scheduled shift's outcome: on duty, absent, leave, injury, training
#: why a scheduled shift was missed: without excuse, leave, injury, training
_ABSENCES = ("absent", "leave", "injury", "training")
_ABSENCE_WEIGHTS = (0.27, 0.4, 0.09, 0.24)
_TRUANT_WEIGHTS = (0.8, 0.15, 0.0, 0.05)
#: 网员培训: topic and teacher
_TRAINING_TOPICS = (
    ("群监员职责与隐患排查方法", "矿工会 群监办"),
    ("《煤矿安全规程》顶板管理部分", "安监处 技术员"),
    ("三违识别与现场制止", "安监处 副处长"),
    ("一通三防基本知识", "通风科 工程师"),
    ("机电运输安全要点", "机电科 工程师"),
    ("自救器使用与避灾路线", "救护队 中队长"),
)

_MONTH_FACTOR = (0.95, 0.7, 1.0, 1.0, 1.0, 1.25, 1.0, 0.95, 1.0, 0.9, 1.05, 1.1)
_WEEKDAY_FACTOR = (1.08, 1.08, 1.08, 1.08, 1.05, 0.9, 0.73)


@dataclass(frozen=True)
class StationShare:
    """What one station of an exchange demo enters: the records of its workstations, and with
    *mine_records* those that name no workstation (suggestions, squad checks, tours, family activities)."""

    workstation_codes: frozenset[str]
    mine_records: bool


class _Generator:
    def __init__(
        self,
        batches: _Batches,
        scale: Scale,
        first: dt.date,
        last: dt.date,
        seed: int,
        progress: Progress,
        share: StationShare | None = None,
    ) -> None:
        self.batches = batches
        assert isinstance(batches.ledger.clock, SimulatedClock)
        self.clock: SimulatedClock = batches.ledger.clock
        self.share = share
        self.own_workstations: set[int] = set()  # with a share: the ids of its workstations
        self.next_day = first  # run() goes on from here
        self.days_done = 0
        self.scale = scale
        self.first = first
        self.last = last
        #: The last day when it is today: only its first shift has worked (see :meth:`_shift_on`).
        self.today_open: dt.date | None = None
        self.rng = random.Random(seed)
        self.training_rng = random.Random(f"training {seed}")  # issue 16: a stream of its own
        self.progress = progress
        self.summary = DemoSummary(scale="", first_day=first, last_day=last)
        self.mines: list[_Mine] = []
        self.units: list[_Unit] = []
        self.schedule: dict[dt.date, list[_Plan]] = {}
        self.inspector_ws: dict[int, int] = {}
        self.retirements: dict[dt.date, list[tuple[_Unit, int]]] = {}
        self.appointments: dict[dt.date, list[tuple[_Unit, int]]] = {}
        self.ids: dict[str, dict[str, int]] = {}
        self.templates: dict[str, list[Template]] = {}
        self._employee_serial = 0
        self.duplicates = _Quota(self.rng)
        self.rejections = _Quota(self.rng)
        self.stalls = _Quota(self.rng)
        self.stall_turn = 0
        self.today = first
        self.queue: deque[_Plan] = deque()
        self.ws_members: dict[int, set[int]] = {}
        self.found_today: dict[tuple[int, int], int] = {}
        self.stopped_today: dict[tuple[int, int], int] = {}
        self.squad_recent: dict[int, tuple[dt.date, int]] = {}  # unit id -> its latest squad check
        self.later: dict[dt.date, list[Callable[[], object]]] = {}  # reviews and the like, on their day
        self.workers: dict[int, list[tuple[str, str]]] = {}  # unit id -> (工号 or "", name) of its miners
        self.others = _Quota(self.rng)
        self.report_habit: dict[int, float] = {}
        self.absence_habit: dict[int, float] = {}
        self.representative_pool: dict[str, list[tuple[str, str]]] = {}  # mine name -> (name, 工号 or "")

    @property
    def w(self) -> Writer:
        """The writer of the month's open transaction."""
        assert self.batches.writer is not None, "no open demo batch"
        return self.batches.writer

    def _create(self, kind: str, *args: Any) -> dict[str, Any]:
        """A new record of *kind* (``kinds.registry``) through its use case."""
        return KINDS[kind].create(self.w, *args)

    def _later(self, day: dt.date, use_case: Callable[..., object], *args: Any) -> None:
        """Run *use_case* on *day* (a review, a handling step), in the transaction open then."""
        self._on(day, lambda: use_case(self.w, *args))

    # -- time

    def _set_time(self, day: dt.date, seconds: float) -> None:
        local = dt.datetime.combine(day, dt.time()) + _DAY_START + dt.timedelta(seconds=seconds)
        self.clock.now = (local - _LOCAL_OFFSET).replace(tzinfo=dt.UTC)

    # -- reference data

    def _lookup_ids(self, conn: Connection) -> None:
        kinds = (
            "hazard_category",
            "hazard_nature",
            "hazard_source",
            "hazard_level",
            "shift",
            "employment",
            "violation_type",
            "violation_severity",
            "violation_found_via",
            "handling_step",
            "suggestion_category",
        )
        for kind in kinds:
            # Seeded defaults; if someone retired them all, registering fails with the usual field message.
            self.ids[kind] = {c.code: c.id for c in reference.choices(conn, kind)} or {"": 0}

    def _ref(self, kind: str, code: str) -> int:
        codes = self.ids[kind]
        return codes.get(code) or next(iter(codes.values()))  # an edited list: fall back to its first entry

    def _existing(self, conn: Connection, table: str, column: str, value: str) -> dict[str, Any] | None:
        row = conn.exec_driver_sql(f"SELECT * FROM {table} WHERE {column} = ?", (value,)).first()
        return dict(row._mapping) if row else None

    def _save(self, kind: str, values: dict[str, str], unique: str) -> tuple[int, bool]:
        """Create a reference row through the service, or reuse the one with the same code."""
        table = reference.KINDS[kind].table.name
        found = self._existing(self.w.conn, table, unique, values[unique])
        if found is not None:
            return int(found["id"]), False
        return int(reference.save_in(self.w, kind, values)["id"]), True

    def build_reference(self) -> None:
        rng = self.rng
        scale = self.scale
        conn = self.w.conn
        self._lookup_ids(conn)
        self._set_time(self.first, 0)
        group_id: int | None = None
        if scale.mines > 1:
            group_id, _ = self._save(
                "org_unit", {"code": "G01", "name": GROUP_NAME, "level": "group", "parent_id": ""}, "code"
            )
        ws_serial = 0
        for mi in range(scale.mines):
            code = f"M{mi + 1:02d}"
            name = MINE_NAMES[mi % len(MINE_NAMES)]
            values = {"code": code, "name": name, "level": "mine", "parent_id": str(group_id or "")}
            existing = self._existing(conn, "org_unit", "code", code)
            if existing is None:
                mine_id, _ = self._save("org_unit", values, "code")
            else:
                mine_id = int(existing["id"])
                if existing["name"] == "本矿" or (group_id and existing["parent_id"] is None):
                    # The seeded placeholder mine gets a real name and its place under the group.
                    full = {k: ("" if existing[k] is None else str(existing[k])) for k in ("active_from", "active_to")}
                    reference.save_in(
                        self.w, "org_unit", {**values, **full}, row_id=mine_id, reason="演示数据：矿名与上级单位"
                    )
            self.summary.mines += 1
            names = _Names(rng)
            workstations: list[int] = []
            for wi in range(scale.workstations_per_mine):
                ws_serial += 1
                place = _WORKSTATION_PLACES[wi % len(_WORKSTATION_PLACES)]
                ws_id, _ = self._save(
                    "workstation",
                    {
                        "code": f"JK{ws_serial:02d}",
                        "name": f"{name}{place}群众安全工作站",
                        "mine_id": str(mine_id),
                        "location": f"{name}{place}",
                        "opened_on": _years_before(self.first, 3 + wi % 5).isoformat(),
                    },
                    "code",
                )
                self.summary.workstations += 1
                workstations.append(ws_id)
            mine = _Mine(
                id=mine_id,
                code=code,
                name=name,
                index=mi,
                depth=rng.choice((350, 420, 480, 550, 650)),
                workstations=workstations,
                names=names,
                safety_staff=[names.new() for _ in range(8)],
                deputy=names.new(),
            )
            self.mines.append(mine)
            for ui, unit_name in enumerate(scale.units):
                full_name = unit_name if scale.mines == 1 else f"{name[:2]}矿{unit_name}"
                unit_code = f"U{len(self.units) + 1:02d}"
                unit_id, _ = self._save(
                    "org_unit",
                    {"code": unit_code, "name": full_name, "level": "unit", "parent_id": str(mine_id)},
                    "code",
                )
                self.summary.units += 1
                kind, places = next((t, p) for frag, t, p in _UNIT_TYPES if frag in unit_name)
                unit = _Unit(
                    id=unit_id,
                    name=full_name,
                    kind=kind,
                    places=places,
                    index=ui,
                    mine=mine,
                    leaders=[names.new() for _ in range(3)],
                    foremen=[names.new() for _ in range(8)],
                )
                mine.units.append(unit)
                self.units.append(unit)
                for _ in range(scale.inspectors_per_unit):
                    appointed = self.first - dt.timedelta(days=rng.randint(30, 8 * 365))
                    unit.slots.append(self._new_inspector(unit, appointed))
        for kind in ("longwall", "heading", "electric", "transport", "ventilation"):
            self.templates[kind] = [t for t in TEMPLATES if t.units == "*" or kind in t.units.split()]
        if self.share is None:
            self._plan_turnover()
        else:  # inspectors are the office's reference data: a station never changes them
            for code in self.share.workstation_codes:
                found = self._existing(conn, "workstation", "code", code)
                if found is not None:
                    self.own_workstations.add(int(found["id"]))

    def _owns(self, workstation_id: int) -> bool:
        return self.share is None or workstation_id in self.own_workstations

    def _new_inspector(self, unit: _Unit, appointed: dt.date) -> int:
        rng = self.rng
        self._employee_serial += 1
        name = unit.mine.names.new()
        ws = rng.choice(unit.mine.workstations)
        role = rng.choices(("inspector", "leader", "special"), (0.88, 0.1, 0.02))[0]
        line = "front" if unit.kind in ("longwall", "heading") else rng.choice(("front", "second"))
        inspector_id, made = self._save(
            "inspector",
            {
                "employee_no": f"{unit.mine.index + 1}{unit.index + 1:02d}{self._employee_serial:05d}",
                "name": name,
                "unit_id": str(unit.id),
                "workstation_id": str(ws),
                "line": line,
                "role": role,
                "appointed_on": appointed.isoformat(),
                "phone": f"1{rng.choice('35789')}{rng.randint(0, 999_999_999):09d}",
            },
            "employee_no",
        )
        self.summary.inspectors += made
        self.inspector_ws[inspector_id] = ws
        self.ws_members.setdefault(ws, set()).add(inspector_id)
        return inspector_id

    def _plan_turnover(self) -> None:
        """About 8 % of inspectors leave each year; the slot is filled again one to three weeks later."""
        for unit in self.units:
            for slot in range(len(unit.slots)):
                day = self.first
                while True:
                    day += dt.timedelta(days=int(self.rng.expovariate(0.08 / 365)) + 1)
                    if day > self.last:
                        break
                    self.retirements.setdefault(day, []).append((unit, slot))
                    refill = day + dt.timedelta(days=self.rng.randint(7, 21))
                    if refill <= self.last:
                        self.appointments.setdefault(refill, []).append((unit, slot))
                    day = refill

    def _turnover(self, day: dt.date) -> None:
        for unit, slot in self.retirements.get(day, ()):
            inspector_id = unit.slots[slot]
            if inspector_id is None:
                continue
            row = self.w.load(m.INSPECTOR, inspector_id)
            values = {
                spec.name: ("" if row[spec.name] is None else str(row[spec.name]))
                for spec in reference.KINDS["inspector"].fields
            }
            values["left_on"] = day.isoformat()
            reference.save_in(self.w, "inspector", values, row_id=inspector_id, reason=self.rng.choice(_RETIRE_REASONS))
            self.summary.inspectors_retired += 1
            unit.slots[slot] = None
            self.ws_members[self.inspector_ws[inspector_id]].discard(inspector_id)
        for unit, slot in self.appointments.get(day, ()):
            unit.slots[slot] = self._new_inspector(unit, day)

    # -- hazards

    def _place(self, unit: _Unit, day: dt.date) -> str:
        rng = self.rng
        kind = rng.choice(unit.places)
        years = day.year - self.first.year
        area = 1 + (unit.index + years) % 3
        face = f"{area}{2 + years % 2}{1 + (2 * years + unit.index) % 9:02d}"
        return rng.choice(_PLACES[kind]).format(a=area, f=face, n=rng.randint(2, 9), d=unit.mine.depth)

    def _finder(self, unit: _Unit) -> int | None:
        active = [i for i in unit.slots if i is not None]
        return self.rng.choice(active) if active else None

    def register_one(self, day: dt.date) -> None:
        rng = self.rng
        unit = rng.choice(self.units)
        template = rng.choice(self.templates[unit.kind])
        numbers = {"n": rng.randint(2, 9), "m": rng.randint(6, 12), "p": rng.randint(8, 9), "a": 1 + unit.index % 3}
        draw = rng.random()
        major_odds = 3 if template.serious else 1
        level = "A" if draw < 0.004 * major_odds else "B" if draw < 0.09 * major_odds else "C"
        fixed = level == "C" and rng.random() < 0.45
        source = rng.choices(("QJY", "XFD", "ZGDB", "JDZ", "XG"), (0.8, 0.08, 0.04, 0.05, 0.03))[0]
        finder_id = self._finder(unit) if source in ("QJY", "XFD", "JDZ") else None
        if finder_id is None:
            finder_name = {"ZGDB": "职工代表巡视组", "XG": "女工家属协管员"}.get(source, "接待站值班员")
            workstation = rng.choice(unit.mine.workstations)
            shift_id = self._ref("shift", self._shift_on(day, rng.choices(("1", "2", "3"), (0.45, 0.35, 0.2))[0]))
        else:
            finder_name = ""
            workstation = self.inspector_ws[finder_id]
            shift_id = self._ref("shift", self._shift_on(day, _SHIFT_CODES[self._home_shift(finder_id, day)]))
        if not self._owns(workstation):
            return  # another station's card
        rectifier = rng.choice(unit.foremen)
        leader = unit.leaders[0]
        data = HazardInput(
            workstation_id=workstation,
            source_id=self._ref("hazard_source", source),
            found_date=day,
            shift_id=shift_id,
            finder_id=finder_id,
            finder_name=finder_name,
            unit_id=unit.id,
            location=self._place(unit, day),
            description=template.text.format(**numbers),
            category_id=self._ref("hazard_category", template.category),
            nature_id=self._ref("hazard_nature", template.nature),
            level_id=self._ref("hazard_level", level),
            fixed_on_site=fixed,
            major_item="判定标准第十五类“其他重大事故隐患”" if level == "A" else "",
            rectify_person=rectifier,
            responsibility=f"{unit.name} {leader}",
            standard=template.standard,
            measures=template.measures,
            funds_yuan=rng.choice((20_000, 50_000, 120_000, 300_000)) if level == "A" else None,
            contingency_plan="危险区域停止作业、撤出人员，设置警戒，按专项方案整改" if level == "A" else "",
            remarks=rng.choice(_REMARKS) if rng.random() < 0.1 else "",
        )
        hazard = self._create("hazard", data)
        self.summary.hazards += 1
        if source == "XFD":
            squads.link_hazard_in(self.w, self._squad_today(unit, day), str(hazard["number"]))
        if finder_id is not None:
            self.found_today[(finder_id, shift_id)] = self.found_today.get((finder_id, shift_id), 0) + 1
        self.summary.follow_ups += 2 if fixed else 1
        if fixed:
            self.summary.fixed_on_site += 1
        else:
            self._plan_loop(hazard, unit, level, rectifier, day)
        unit.recent.append(str(hazard["number"]))

    def _plan_loop(self, hazard: dict[str, Any], unit: _Unit, level: str, rectifier: str, day: dt.date) -> None:
        """Decide the hazard's whole future now (fixed draw order = determinism), then schedule it."""
        rng = self.rng
        act = HazardAction
        deadline = dt.date.fromisoformat(hazard["deadline"])
        if self.duplicates.hit(0.01) and len(unit.recent) > 3:
            # A second card about a hazard already registered: voided as a duplicate within two days.
            original = rng.choice(list(unit.recent))
            when = day + dt.timedelta(days=rng.choice((0, 1, 1, 2)))
            note = f"与{original}重复登记"
            self._enqueue(_Plan(hazard["id"], [StepInput(act.VOID, when, note=note, duplicate_of=original)]))
            return
        steps: list[StepInput] = []
        when = day + dt.timedelta(days=rng.choice((0, 0, 0, 1)))
        steps.append(StepInput(act.ISSUE_NOTICE, when, person=rng.choice(unit.leaders)))
        when += dt.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        steps.append(StepInput(act.START_RECTIFICATION, when, person=rectifier))
        span = (deadline - day).days
        late = rng.random()
        if late < 0.015:  # waits for funds, equipment or a production gap: long overdue
            done = deadline + dt.timedelta(days=rng.randint(20, 150))
        elif late < 0.10:
            done = deadline + dt.timedelta(days=rng.randint(1, max(4, span)))
        else:
            done = day + dt.timedelta(days=rng.randint(min(span, 1 if level == "C" else span // 3), span))
        done = max(done, when)
        if done > deadline and rng.random() < 0.45 and when < deadline:
            # Foreseen delay: the deadline is extended (with a reason) before it passes.
            ext = when + dt.timedelta(days=rng.randint(0, (deadline - when).days))
            new_deadline = done + dt.timedelta(days=rng.randint(0, 5))
            reason = rng.choice(_EXTEND_REASONS)
            steps.append(StepInput(act.EXTEND, ext, note=reason, new_deadline=new_deadline))
        elif done > deadline + dt.timedelta(days=3) and rng.random() < 0.5:
            esc = max(when, deadline + dt.timedelta(days=rng.randint(1, 3)))
            steps.append(self._escalation(unit, level, esc, deadline))
            done = max(done, esc)
        steps.append(StepInput(act.REPORT_DONE, done, person=rectifier))
        acceptor = rng.choice(unit.mine.safety_staff)
        when = done + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        if self.rejections.hit(0.05):
            steps.append(StepInput(act.REJECT, when, person=acceptor, note=rng.choice(_REJECT_REASONS)))
            when += dt.timedelta(days=rng.randint(1, 3))
            steps.append(StepInput(act.REPORT_DONE, when, person=rectifier))
            when += dt.timedelta(days=rng.choice((0, 1, 1)))
        steps.append(StepInput(act.ACCEPT, when, person=acceptor, note="整改合格"))
        when += dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
        steps.append(StepInput(act.CLOSE, when))
        if self.stalls.hit(self.scale.stall_rate):
            steps = self._stall(steps, unit, level, deadline)
        self._enqueue(_Plan(hazard["id"], steps))

    def _escalation(self, unit: _Unit, level: str, on: dt.date, deadline: dt.date) -> StepInput:
        body = "集团" if level in ("A", "B") and self.scale.mines > 1 else "矿"
        note = f"逾期{(on - deadline).days}天未整改，挂牌督办"
        return StepInput(HazardAction.ESCALATE, on, person=unit.mine.deputy, note=note, escalation_level=body)

    #: The step that leaves each state a hazard can get stuck in (taken in turn, so each one occurs).
    _STALL_AT = (
        HazardAction.ISSUE_NOTICE,  # registered: the unit was not notified (no one signed the notice)
        HazardAction.START_RECTIFICATION,  # notice issued: the unit did not start
        HazardAction.REPORT_DONE,  # in rectification: waits for material, funds, a production gap
        HazardAction.ACCEPT,  # reported done: nobody came to check
        HazardAction.CLOSE,  # accepted: not written off
    )

    def _stall(self, steps: list[StepInput], unit: _Unit, level: str, deadline: dt.date) -> list[StepInput]:
        """Hold the hazard in one state for two months to two years: the backlog every register has."""
        rng = self.rng
        stuck = self._STALL_AT[self.stall_turn % len(self._STALL_AT)]
        self.stall_turn += 1
        at = next(i for i, s in enumerate(steps) if s.action is stuck)
        delay = dt.timedelta(days=rng.randint(90, 730))
        later = [replace(s, on_date=s.on_date + delay) for s in steps[at:]]
        escalate = stuck is not HazardAction.CLOSE and not any(
            s.action in (HazardAction.EXTEND, HazardAction.ESCALATE) for s in steps
        )
        if escalate:
            previous = steps[at - 1].on_date if at else deadline
            on = min(max(previous, deadline + dt.timedelta(days=rng.randint(3, 10))), later[0].on_date)
            later.insert(0, self._escalation(unit, level, on, deadline))
        return steps[:at] + later

    def _enqueue(self, plan: _Plan) -> None:
        on = plan.steps[0].on_date
        if on == self.today:
            self.queue.append(plan)
        else:
            self.schedule.setdefault(on, []).append(plan)

    def run_step(self, plan: _Plan) -> None:
        step = plan.steps.pop(0)
        hazards.act_in(self.w, plan.hazard_id, step)
        self.summary.follow_ups += 1
        action = step.action
        if action is HazardAction.REJECT:
            self.summary.rejected += 1
        elif action is HazardAction.EXTEND:
            self.summary.extended += 1
        elif action is HazardAction.ESCALATE:
            self.summary.escalated += 1
        elif action is HazardAction.VOID:
            self.summary.voided += 1
        if plan.steps:
            self._enqueue(plan)

    # -- the network's other records

    def _yearly(self, per_year: float, day: dt.date) -> int:
        """How many events of a kind with *per_year* at group scale happen today at this scale."""
        lam = per_year * self.scale.hazards_per_year / _GROUP_HAZARDS_PER_YEAR / 365.0
        return _poisson(self.rng, lam * _WEEKDAY_FACTOR[day.weekday()])

    def _worker(self, unit: _Unit) -> tuple[str, str]:
        """A miner of the unit: a few are careless again and again (repeat offenders), most once."""
        pool = self.workers.setdefault(unit.id, [])
        if pool and self.rng.random() < 0.12:
            return self.rng.choice(pool[: max(3, len(pool) // 8)])
        self._employee_serial += 1
        contractor = self.rng.random() < 0.2
        number = "" if contractor else f"G{unit.mine.index + 1}{self._employee_serial:06d}"
        person = (number, unit.mine.names.new())
        pool.append(person)
        return person

    def _squad_today(self, unit: _Unit, day: dt.date, *, new: bool = False) -> int:
        """The unit's squad check that found a hazard today: its check of the last three days, else a new one
        (domain.md: ~1,750 checks and ~2,780 squad hazards a year in a group)."""
        recent = self.squad_recent.get(unit.id)
        if new or recent is None or (day - recent[0]).days > 3:
            data = SquadInput(
                day,
                f"{unit.name}安全小分队",
                self.rng.choice(unit.leaders),
                "、".join(self.rng.sample(unit.foremen, 3)),
                self._place(unit, day),
                self.rng.choice((0, 0, 0, 1, 2)),
            )
            recent = (day, int(self._create("squad_activity", data)["id"]))
            self.squad_recent[unit.id] = recent
            self.summary.squad_activities += 1
        return recent[1]

    def other_activities(self, day: dt.date) -> None:
        rng = self.rng
        if self.share is None:  # reference data: the office's (a station's share enters none)
            self.pithead_station(day)
        for _ in range(self._yearly(5_317, day)):
            self.violation_one(day)
        if self.share is not None and not self.share.mine_records:
            return
        for _ in range(self._yearly(2_710, day)):
            self.suggestion_one(day)
        for _ in range(self._yearly(400, day)):  # checks that found no hazard of their own
            self._squad_today(rng.choice(self.units), day, new=True)
        if self.others.hit(max(18 * self.scale.hazards_per_year / _GROUP_HAZARDS_PER_YEAR, 2) / 365.0):
            self.tour_one(day)
        for _ in range(self._yearly(498, day)):
            self.family_one(day)
        if day.day == 15:  # each mine trains a group of its inspectors once a month (网员培训)
            for mine in self.mines:
                self.training_one(mine, day)

    def violation_one(self, day: dt.date) -> None:
        rng = self.rng
        unit = rng.choice(self.units)
        number, name = self._worker(unit)
        inspector = self._finder(unit) if rng.random() < 0.75 else None
        shift = _SHIFT_CODES[self._home_shift(inspector, day)] if inspector else rng.choice(_SHIFT_CODES)
        shift = self._shift_on(day, shift)
        kind, who = (
            ("inspector", "")
            if inspector
            else rng.choice((("cadre", unit.leaders[0]), ("safety", rng.choice(unit.mine.safety_staff))))
        )
        type_code = rng.choices(("ZY", "JL", "ZH"), (0.6, 0.32, 0.08))[0]
        text = rng.choice(_VIOLATIONS[type_code])
        serious = rng.random() < 0.15
        workstation = self.inspector_ws[inspector] if inspector else rng.choice(unit.mine.workstations)
        if not self._owns(workstation):
            return
        data = ViolationInput(
            workstation_id=workstation,
            found_date=day,
            shift_id=self._ref("shift", shift),
            found_time=f"{(8 * int(shift) + rng.randint(0, 7)) % 24:02d}:{rng.randint(0, 59):02d}",
            location=self._place(unit, day),
            offender_no=number,
            offender_name=name,
            offender_unit_id=unit.id,
            offender_trade=rng.choice(_TRADES),
            employment_id=self._ref("employment", "WB" if not number else rng.choice(("ZS", "ZS", "ZS", "XZ"))),
            type_id=self._ref("violation_type", type_code),
            severity_id=self._ref("violation_severity", "YZ" if serious else "YB"),
            rule_item=f"{'严重' if serious else '一般'}三违第{rng.randint(1, 40)}条",
            description=text,
            stopped_by_kind=kind,
            stopped_by_id=inspector,
            stopped_by_name=who,
            found_via_id=self._ref("violation_found_via", "QJY" if inspector else "GB"),
            offender_signed=rng.random() < 0.92,
        )
        row = self._create("violation", data)
        self.summary.violations += 1
        if inspector is not None:
            key = (inspector, self._ref("shift", shift))
            self.stopped_today[key] = self.stopped_today.get(key, 0) + 1
        steps = ["JT", "TH"] + (["PX", "FK", "LB"] if serious else ["PX"] if rng.random() < 0.4 else [])
        for offset, step in enumerate(steps):
            when = day + dt.timedelta(days=1 + offset * rng.randint(1, 3))
            training = rng.choice((3, 5, 7)) if step == "PX" else None
            fine = rng.choice((100, 200, 500, 1000)) if step == "FK" else None
            handling = HandlingInput(self._ref("handling_step", step), when, training, fine, f"{unit.name}")
            self._later(when, violations.add_handling_in, int(row["id"]), handling)

    def _on(self, day: dt.date, job: Callable[[], object]) -> None:
        if day <= self.last:
            self.later.setdefault(day, []).append(job)

    def suggestion_one(self, day: dt.date) -> None:
        rng = self.rng
        unit = rng.choice(self.units)
        inspector = self._finder(unit) if rng.random() < 0.7 else None
        data = SuggestionInput(
            day,
            inspector,
            "" if inspector else self._worker(unit)[1],
            unit.id,
            self._ref("suggestion_category", rng.choices(("AQ", "GL", "ZB", "QT"), (0.4, 0.3, 0.2, 0.1))[0]),
            rng.choice(_SUGGESTIONS).format(place=self._place(unit, day)),
        )
        row = self._create("suggestion", data)
        self.summary.suggestions += 1
        review_day = day + dt.timedelta(days=rng.randint(5, 20))
        verdict = rng.random()
        if verdict < 0.85:
            adopted = verdict < 0.6
            note = "" if adopted else rng.choice(("已有同类措施", "投入过大，暂缓", "不符合现行规程"))
            reviewer = rng.choice(unit.mine.safety_staff)
            self._later(review_day, suggestions.review_in, int(row["id"]), adopted, reviewer, review_day, note)
            if adopted and rng.random() < 0.7:
                done = review_day + dt.timedelta(days=rng.randint(7, 40))
                reward = rng.choice((50, 100, 200, 500))
                benefit = "消除隐患，提高效率"
                self._later(done, suggestions.implement_in, int(row["id"]), unit.name, done, benefit, reward)

    def tour_one(self, day: dt.date) -> None:
        rng = self.rng
        mine = rng.choice(self.mines)
        size = max(3, round(rng.gauss(46 * min(1.0, self.scale.hazards_per_year / 3_500), 5)))
        problems, solvers = [], []
        for _ in range(size):
            unit = rng.choice(mine.units)
            draw = rng.random()
            status = "on_site" if draw < 0.33 else "later" if draw < 0.93 else "open"
            deadline = day + dt.timedelta(days=rng.randint(7, 60)) if status == "later" else None
            category = rng.choices(("safety", "labour", "other"), (0.6, 0.3, 0.1))[0]
            text = rng.choice(_TOUR_PROBLEMS[category]).format(place=self._place(unit, day))
            problems.append(ProblemInput(text, unit.id, category, status, deadline))
            solvers.append(unit.name)
        organiser = f"{mine.name}工会、安监处"
        areas = "、".join(sorted({self._place(u, day) for u in rng.sample(mine.units, min(3, len(mine.units)))}))
        count = rng.randint(12, 30)
        # the outcomes draw from their own generator, so the rest of the demo stays as it was before them
        own = random.Random(f"tour {mine.name} {day.isoformat()}")
        named = own.sample(self._representatives(mine.name), count)
        typed = "\n".join(f"{name} {number}" if number else name for name, number in named)
        row = self._create("tour", TourInput(day, organiser, areas[:200], None, "", typed), problems)
        self.summary.tours += 1
        self.summary.tour_problems += len(problems)
        stored = tours.problems(self.w.conn, int(row["id"]))
        for problem, unit_name in zip(stored, solvers, strict=True):
            if problem["status"] == "on_site" or own.random() >= (0.85 if problem["status"] == "later" else 0.5):
                continue  # most promises are kept, some late; half the open ones get solved
            promised = problem["deadline"]
            span = (dt.date.fromisoformat(promised) - day).days + 10 if promised else 45
            solved = day + dt.timedelta(days=own.randint(2, span))
            self._later(solved, tours.mark_solved_in, int(problem["id"]), solved, unit_name)

    def _representatives(self, mine: str) -> list[tuple[str, str]]:
        """The mine's worker representatives (职工代表): a name and, for most, the 工号; the same pool every year."""
        if mine not in self.representative_pool:
            own = random.Random(f"representatives {mine}")
            names = _Names(own)
            base = 70_000 + 1_000 * (len(self.representative_pool) + 1)
            self.representative_pool[mine] = [
                (names.new(), str(base + i) if own.random() < 0.9 else "") for i in range(60)
            ]
        return self.representative_pool[mine]

    def family_one(self, day: dt.date) -> None:
        rng = self.rng
        unit = rng.choice(self.units)
        kind = rng.choices(("home_visit", "conflict", "forum", "pithead"), (0.6, 0.15, 0.15, 0.1))[0]
        visitors = "、".join(unit.mine.names.new() for _ in range(2)) + "（女工家属协管员）"
        if kind == "home_visit":
            reason = rng.choices(("violation", "worry", "other"), (0.4, 0.5, 0.1))[0]
            person = self._worker(unit)[1]
            data = FamilyInput(
                day,
                kind,
                visitors,
                person,
                reason,
                rng.choice(_WORRIES) if reason == "worry" else "",
                "",
                rng.randint(2, 4),
                "谈心交流，家属承诺配合督促",
                "一个月后回访",
                unit.mine.id,
            )
        else:
            people = {"conflict": (2, 6), "forum": (15, 60), "pithead": (10, 40)}[kind]
            data = FamilyInput(
                day,
                kind,
                visitors,
                participants=rng.randint(*people),
                outcome=rng.choice(("签订家庭安全协议", "矛盾化解", "送去慰问品和安全嘱托")),
                mine_id=unit.mine.id,
            )
        self._create("family_activity", data)
        self.summary.family_activities += 1

    def pithead_station(self, day: dt.date) -> None:
        """A pit-head station set up at the first mine three months into the run, closed for renovation two
        months later and restored a month after that (the report's 新建/恢复 figures). No inspector is assigned
        to it, so no record of the run is dated there while it is closed."""
        opened = self.first + dt.timedelta(days=90)
        if day not in (opened, opened + dt.timedelta(days=60), opened + dt.timedelta(days=90)) or not self.mines:
            return
        mine = self.mines[0]
        code = f"JK9{mine.index}"
        found = self.w.conn.exec_driver_sql("SELECT id, closed_on FROM workstation WHERE code = ?", (code,)).first()
        if day == opened and found is None:
            values = {
                "code": code,
                "name": f"{mine.name}副井群众安全工作站",
                "mine_id": str(mine.id),
                "location": f"{mine.name}副井口",
                "opened_on": day.isoformat(),
            }
            reference.save_in(self.w, "workstation", values)
            self.summary.workstations += 1
        elif found is not None and day == opened + dt.timedelta(days=60) and found[1] is None:
            reference.close_workstation_in(self.w, int(found[0]), day, "井口改造，暂停接待")
        elif found is not None and day == opened + dt.timedelta(days=90) and found[1] is not None:
            reference.reopen_workstation_in(self.w, int(found[0]), day, "改造完成，恢复建站")

    def training_one(self, mine: _Mine, day: dt.date) -> None:
        """A monthly 网员培训 of the mine: a topic, 2–4 class hours, a third of its inspectors attending. Drawn
        from a random stream of its own, so the other records of a demo stay what they were before training."""
        rng = self.training_rng
        on_roll = [i for unit in mine.units for i in unit.slots if i is not None]
        if not on_roll:
            return
        chosen = sorted(rng.sample(on_roll, max(1, len(on_roll) // 3)))
        marks = ",".join("?" * len(chosen))
        numbers = [
            str(r[0])
            for r in self.w.conn.exec_driver_sql(
                f"SELECT employee_no FROM inspector WHERE id IN ({marks}) AND appointed_on <= ? "
                "AND (left_on IS NULL OR left_on >= ?) ORDER BY employee_no",
                (*chosen, day.isoformat(), day.isoformat()),
            )
        ]
        if not numbers:
            return
        topic, teacher = rng.choice(_TRAINING_TOPICS)
        data = TrainingInput(day, topic, rng.choice((2, 3, 4)), teacher, mine.id, " ".join(numbers))
        self._create("training_session", data)
        self.summary.training_sessions += 1

    # -- shift duty

    @staticmethod
    def _home_shift(inspector_id: int, day: dt.date) -> int:
        """Three-shift rotation (三班倒): the shift moves on every week."""
        return (inspector_id + day.isocalendar()[1]) % 3

    def _shift_on(self, day: dt.date, code: str) -> str:
        """The shift a record of *day* is entered on: when the run ends today only the first shift (早班)
        has worked, so today's later sheets are left for a trainee to fill."""
        return _SHIFT_CODES[0] if day == self.today_open else code

    def record_duty(self, day: dt.date) -> None:
        """The day's shift sheets: each inspector works six days a week on the rota's shift, with realistic
        absence; whoever found a hazard that day is on duty and reported it on that shift."""
        rng = self.rng
        shift_ids = [self._ref("shift", code) for code in _SHIFT_CODES]
        found, self.found_today = self.found_today, {}
        stopped, self.stopped_today = self.stopped_today, {}
        for ws in sorted(self.ws_members):
            if not self._owns(ws):
                continue
            sheets: list[dict[int, Mark]] = [{}, {}, {}]
            for inspector in sorted(self.ws_members[ws]):
                if inspector % 7 == day.weekday():  # rest day
                    continue
                habit = self.report_habit.setdefault(inspector, rng.uniform(0.85, 0.98))
                # most come nearly every shift; about one in twenty often stays away without excuse
                absence = self.absence_habit.setdefault(inspector, 0.35 if rng.random() < 0.05 else 0.045)
                weights = _ABSENCE_WEIGHTS if absence < 0.1 else _TRUANT_WEIGHTS
                status = "on" if rng.random() >= absence else rng.choices(_ABSENCES, weights)[0]
                if status == "on":
                    reported = rng.random() < habit
                    mark = Mark(inspector, reported=reported, no_problem=reported and rng.random() < 0.55)
                else:
                    mark = Mark(inspector, status=status)
                home = self._home_shift(inspector, day)
                if day == self.today_open and home != 0:  # today's later shifts are still to come
                    continue
                sheets[home][inspector] = mark
            reported_items = set(found) | set(stopped)
            for inspector, shift_id in sorted(reported_items):
                if self.inspector_ws.get(inspector) == ws:
                    index = shift_ids.index(shift_id)
                    sheets[index][inspector] = Mark(
                        inspector,
                        reported=True,
                        hazards=min(found.get((inspector, shift_id), 0), duty.MAX_COUNT),
                        violations=min(stopped.get((inspector, shift_id), 0), duty.MAX_COUNT),
                    )
            for index, marks in enumerate(sheets):
                if marks:
                    data = SheetInput(ws, day, shift_ids[index], tuple(marks.values()))
                    duty.save_sheet_in(self.w, data, month_totals=self.batches.month_totals)
                    self.summary.duty_sheets += 1
                    self.summary.duty_marks += len(marks)

    # -- the days

    def run(self, batches: _Batches, until: dt.date | None = None) -> None:
        """Simulate the days up to *until* (default: the last), going on from where the last call stopped."""
        rng = self.rng
        per_day = self.scale.hazards_per_year / 365.0
        total = (self.last - self.first).days + 1
        stop = min(until or self.last, self.last)
        day = self.next_day
        done = self.days_done
        while day <= stop:
            if day.day == 1 and done:
                batches.commit()
                batches.begin()
            lam = per_day * _MONTH_FACTOR[day.month - 1] * _WEEKDAY_FACTOR[day.weekday()]
            found = _poisson(rng, lam)
            self.today = day
            self.queue = deque(self.schedule.pop(day, ()))
            turnover = len(self.retirements.get(day, ())) + len(self.appointments.get(day, ()))
            # Spread the day's entries over office hours; the queue grows while the day runs (a notice
            # issued the day the hazard was found), so the step is an estimate and never overshoots.
            step = _DAY_LENGTH_S / (turnover + 2 * found + 1.5 * len(self.queue) + 2)
            clock_at = 0.0
            self._set_time(day, clock_at)
            if turnover:
                self._turnover(day)
                clock_at += step
            new_left = found
            while self.queue or new_left:
                clock_at += min(step, (_DAY_LENGTH_S - clock_at) / 2)
                self._set_time(day, clock_at)
                # Follow-up steps and new cards of the day interleave as the clerk enters them.
                if new_left and (not self.queue or rng.random() < new_left / (new_left + len(self.queue))):
                    new_left -= 1
                    self.register_one(day)
                else:
                    self.run_step(self.queue.popleft())
            self._set_time(day, _DAY_LENGTH_S - 120)
            for job in self.later.pop(day, ()):
                job()
            self.other_activities(day)
            self._set_time(day, _DAY_LENGTH_S - 60)
            self.record_duty(day)
            done += 1
            day += dt.timedelta(days=1)
            if day.day == 1 or day > self.last:  # a simulated month done: a line a person can follow
                self.progress((day - dt.timedelta(days=1)).strftime("%Y-%m"), done, total)
        self.next_day, self.days_done = day, done
        self.queue = deque()


def _noop(_stage: str, _done: int, _total: int) -> None:
    pass


def period(last: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """The first and last day of *years* of history ending on *last*."""
    return _years_before(last, years) + dt.timedelta(days=1), last


class Simulation:
    """The demo's world run in steps, for a ledger whose clock is a :class:`SimulatedClock` the caller
    owns: the exchange demo lets each station enter its share a week at a time, with exchanges between."""

    def __init__(self, batches: _Batches, generator: _Generator) -> None:
        self._batches = batches
        self._generator = generator

    @property
    def summary(self) -> DemoSummary:
        return self._generator.summary

    def run_until(self, day: dt.date) -> None:
        """Enter the records of the days up to *day*, one transaction per simulated month as in :func:`generate`."""
        self._batches.begin()
        self._generator.run(self._batches, until=day)
        self._batches.commit()


@contextmanager
def simulation(
    ledger: Ledger,
    *,
    scale: Scale,
    first: dt.date,
    last: dt.date,
    seed: int = 1,
    share: StationShare | None = None,
) -> Iterator[Simulation]:
    """The demo's world from *first* to *last* on *ledger*, its reference data written (or, at a station,
    found: the office's, enrolled with the same seed); the days are run with :meth:`Simulation.run_until`.

    The same seed builds the same mines, units and inspectors, so the office and every station share one
    world; with *share* only that station's records are entered and inspectors never change.
    """
    ledger.require(Permission.DEMO_DATA)
    if not isinstance(ledger.clock, SimulatedClock):
        raise ValueError("a stepped demo needs the ledger's clock to be a SimulatedClock")
    with _generation_connection(ledger) as conn:
        batches = _Batches(conn, ledger)
        generator = _Generator(batches, scale, first, last, seed, _noop, share)
        batches.begin()
        generator.build_reference()
        batches.commit()
        yield Simulation(batches, generator)


def refusal(conn: Connection, ledger: Ledger) -> str | None:
    """Why demo data may not go into the database of *ledger*, or ``None``.

    With user accounts, the program acting on its own (``safetywatch demo``: no one signed in) never adds
    demo records: they would pass ``verify`` under a name no one logged in as. A signed-in user goes on to
    the role check (demo data is the safety officer's). Records of any kind refuse it: demo records would
    mix with them for good (and the simulated shift sheets would collide with existing ones).
    """
    if ledger.user is None and accounts.has_users(conn):
        return tr(
            "This database has user accounts: demo data is never added to it without a log-in. "
            "Use a new file for demo data."
        )
    existing = sum(
        int(conn.exec_driver_sql(f"SELECT count(*) FROM {kind.table.name}").scalar_one())
        for kind in KINDS.values()
        if kind.parent is None
    )
    if existing:
        return tr(
            "This database already holds {count} records. Demo records cannot be told apart from real ones or "
            "removed afterwards, so demo data is only added to a database without records (use a new file)."
        ).format(count=existing)
    return None


def generate(
    ledger: Ledger,
    *,
    scale: str = "mine",
    years: int = 1,
    until: dt.date | None = None,
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill *ledger* with *years* of realistic history ending on *until* (default: the ledger's today).

    Demo records are indistinguishable from real ones once written (they are audited like any entry and
    can only be voided, never removed), so :func:`refusal` decides first: only a database without records,
    and with user accounts only for a signed-in user whose role may add demo data.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if years < 1:
        raise ValueError("years must be at least 1")
    ledger.require(Permission.DEMO_DATA)
    started = time.perf_counter()
    report = progress or _noop
    last = until or ledger.clock.today()
    first = _years_before(last, years) + dt.timedelta(days=1)
    with ledger.read() as conn:
        refused = refusal(conn, ledger)
        events_before = int(conn.exec_driver_sql("SELECT count(*) FROM audit_event").scalar_one())
        max_before = int(conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM hazard").scalar_one())
    if refused is not None:
        raise SafetyWatchError(refused)
    clock = SimulatedClock(dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC), real=ledger.clock)
    callers_clock = ledger.clock
    try:
        ledger.clock = clock  # the writers' clock, and anything reading the ledger meanwhile sees the simulated day
        with _generation_connection(ledger) as conn:
            batches = _Batches(conn, ledger)
            generator = _Generator(batches, SCALES[scale], first, last, seed, report)
            generator.today_open = last if last == callers_clock.today() else None
            batches.begin()
            generator.build_reference()
            generator.run(batches)
            batches.commit()
    finally:
        ledger.clock = callers_clock
    summary = generator.summary
    summary.scale = scale
    with ledger.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT status, count(*) FROM hazard WHERE id > ? GROUP BY status ORDER BY status", (max_before,)
        )
        by_status = {str(status): int(n) for status, n in rows}
        summary.by_status = {s.value: by_status[s.value] for s in HazardStatus if s.value in by_status}
        open_states = tuple(s.value for s in HazardStatus if s.is_open)
        summary.overdue = int(
            conn.exec_driver_sql(
                f"SELECT count(*) FROM hazard WHERE id > ? AND deadline < ? "
                f"AND status IN ({', '.join('?' * len(open_states))})",
                (max_before, last.isoformat(), *open_states),
            ).scalar_one()
        )
        summary.audit_events = (
            int(conn.exec_driver_sql("SELECT count(*) FROM audit_event").scalar_one()) - events_before
        )
    summary.seconds = time.perf_counter() - started
    return summary


# --- demo accounts ------------------------------------------------------------------------------------

#: The password of every demo account: printed by ``safetywatch demo`` and written in the README. For
#: demo databases only: a trainer signs a class in as any role at once (no change asked at first log-in).
DEMO_PASSWORD = "Demo-2026!"

#: (login, name, role) of the demo accounts, one per role; the administrator is created first.
DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "演示管理员", Role.ADMINISTRATOR),
    ("clerk", "演示录入员", Role.CLERK),
    ("officer", "演示安监员", Role.SAFETY_OFFICER),
    ("auditor", "演示审计员", Role.AUDITOR),
)


def create_demo_accounts(ledger: Ledger, password: str = DEMO_PASSWORD) -> list[accounts.UserRow]:
    """One account per role on a demo database that has none yet (after :func:`generate`: a database with
    accounts refuses demo data without a log-in). The administrator creates the others, so the audit trail
    says who made each account, as on a real install."""
    (login, name, _role), *others = DEMO_ACCOUNTS
    admin = accounts.create_first_administrator(ledger, login, name, password)
    as_admin = replace(ledger, user=admin, actor=admin.login)
    made = [
        accounts.add_user(as_admin, o_login, o_name, o_role, password, must_change=False)
        for o_login, o_name, o_role in others
    ]
    with ledger.read() as conn:
        return [accounts.get_user(conn, admin.user_id), *made]
