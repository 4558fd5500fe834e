"""All ORM models. Importing this package registers every table on `Base.metadata`."""

from jinghutong.models.appointment import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentService,
    AppointmentSlot,
    AppointmentStatus,
)
from jinghutong.models.area import AREA_LEVEL_NAMES, Area, AreaLevel, at_or_above
from jinghutong.models.audit import AuditEvent
from jinghutong.models.base import Base
from jinghutong.models.bulletin import (
    BULLETIN_CATEGORIES,
    Bulletin,
    BulletinCategory,
    BulletinStatus,
    Delivery,
    DeliveryStatus,
)
from jinghutong.models.case import (
    CASE_KIND_NAMES,
    CASE_STATUS_NAMES,
    Case,
    CaseCounter,
    CaseEvent,
    CaseKind,
    CaseStatus,
    ReviewStatus,
)
from jinghutong.models.household import KNOWN_HOUSEHOLD_TAGS, Household, HouseholdTag
from jinghutong.models.household_code import HouseholdCodeImage, HouseholdCodeRetired
from jinghutong.models.idempotency import IdempotencyRecord
from jinghutong.models.job import Job, JobState
from jinghutong.models.media import CheckStatus, Media, MediaKind
from jinghutong.models.membership import Membership, MembershipStatus
from jinghutong.models.notification import Notification, SubscriptionQuota
from jinghutong.models.person import Person
from jinghutong.models.petition import Petition, PetitionEvent, PetitionMessage, PetitionStatus
from jinghutong.models.role_grant import ROLE_NAMES, STAFF_ROLES, Role, RoleGrant
from jinghutong.models.token import ApiToken, WechatAccessToken

__all__ = [
    "ACTIVE_APPOINTMENT_STATUSES",
    "AREA_LEVEL_NAMES",
    "BULLETIN_CATEGORIES",
    "CASE_KIND_NAMES",
    "CASE_STATUS_NAMES",
    "KNOWN_HOUSEHOLD_TAGS",
    "ROLE_NAMES",
    "STAFF_ROLES",
    "ApiToken",
    "Appointment",
    "AppointmentService",
    "AppointmentSlot",
    "AppointmentStatus",
    "Area",
    "AreaLevel",
    "AuditEvent",
    "Base",
    "Bulletin",
    "BulletinCategory",
    "BulletinStatus",
    "Case",
    "CaseCounter",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "CheckStatus",
    "Delivery",
    "DeliveryStatus",
    "Household",
    "HouseholdCodeImage",
    "HouseholdCodeRetired",
    "HouseholdTag",
    "IdempotencyRecord",
    "Job",
    "JobState",
    "Media",
    "MediaKind",
    "Membership",
    "MembershipStatus",
    "Notification",
    "Person",
    "Petition",
    "PetitionEvent",
    "PetitionMessage",
    "PetitionStatus",
    "ReviewStatus",
    "Role",
    "RoleGrant",
    "SubscriptionQuota",
    "WechatAccessToken",
    "at_or_above",
]
