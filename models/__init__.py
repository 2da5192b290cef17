"""SQLAlchemy models of Matchmaker; free of Flask and of the application package."""
from models.audit import AuditEntry
from models.base import Base, utcnow
from models.brokerage import (
    BrokerProfile,
    Case,
    CaseMessage,
    CaseStep,
    Contract,
    Interest,
    InvestorProfile,
    PostingTransfer,
    Subscription,
)
from models.event import AgendaItem, Event, EventSlot, Meeting, MeetingRequest, Notification, Registration
from models.expert import ExpertProfile
from models.finance import FinancialProduct, FinancingDecision, FinancingNeed, Target
from models.imports import PostingImport
from models.matching import EmbeddingModel, MatchFeedback, PostingVector
from models.open_call import (
    MilestoneDelivery,
    OpenCall,
    OpenCallExpert,
    OpenCallMilestone,
    Proposal,
    ProposalAttachment,
    ProposalScore,
)
from models.organisation import Organisation
from models.posting import TechField, TechNeed, TechOffer
from models.schedule_run import ScheduleRun
from models.user import ApiToken, User

__all__ = [
    "AgendaItem", "ApiToken", "AuditEntry", "EmbeddingModel", "Base", "BrokerProfile", "Case", "CaseMessage", "CaseStep",
    "Contract", "Interest",
    "InvestorProfile", "PostingImport", "PostingTransfer", "Subscription",
    "Event", "EventSlot", "FinancialProduct", "FinancingDecision", "FinancingNeed", "Target",
    "ExpertProfile", "Meeting", "MeetingRequest", "Notification",
    "Registration", "MatchFeedback", "MilestoneDelivery", "OpenCall", "OpenCallExpert", "OpenCallMilestone", "Proposal",
    "ProposalAttachment", "ProposalScore",
    "Organisation", "PostingVector", "ScheduleRun", "TechField", "TechNeed",
    "TechOffer", "User", "utcnow",
]
