"""All ORM models. Importing this package registers every table on `Base.metadata`."""

from jinghutong.models.area import AREA_LEVEL_NAMES, Area, AreaLevel
from jinghutong.models.audit import AuditEvent
from jinghutong.models.base import Base
from jinghutong.models.household import KNOWN_HOUSEHOLD_TAGS, Household, HouseholdTag
from jinghutong.models.job import Job, JobState
from jinghutong.models.membership import Membership, MembershipStatus
from jinghutong.models.person import Person
from jinghutong.models.role_grant import ROLE_NAMES, STAFF_ROLES, Role, RoleGrant
from jinghutong.models.token import ApiToken, WechatAccessToken

__all__ = [
    "AREA_LEVEL_NAMES",
    "KNOWN_HOUSEHOLD_TAGS",
    "ROLE_NAMES",
    "STAFF_ROLES",
    "ApiToken",
    "Area",
    "AreaLevel",
    "AuditEvent",
    "Base",
    "Household",
    "HouseholdTag",
    "Job",
    "JobState",
    "Membership",
    "MembershipStatus",
    "Person",
    "Role",
    "RoleGrant",
    "WechatAccessToken",
]
