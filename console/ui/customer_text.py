"""The customer profile's words: tiers, case statuses and each step of the link history, via tr()."""

from PySide6.QtCore import QObject

from console.domain.customer import CustomerEvent, CustomerEventType


class CustomerWords(QObject):
    def event(self, event: CustomerEvent, who: str) -> str:
        """One line of the link history, in the reader's language."""
        handles = ", ".join(item.get("handle", "") for item in event.get("identities", []))
        identity = (event.get("identity") or {}).get("handle", "")
        match event.type:
            case CustomerEventType.LINKED:
                return self.tr("{who} linked {handles}").format(who=who, handles=handles)
            case CustomerEventType.MERGED:
                return self.tr("{who} merged this customer into another ({handles})").format(
                    who=who, handles=handles
                )
            case CustomerEventType.UNLINKED:
                return self.tr("{who} unlinked {handle}").format(who=who, handle=identity)
            case CustomerEventType.RESTORED:
                return self.tr("{who} restored {handle} from a merge").format(who=who, handle=identity)
            case CustomerEventType.CREATED:
                return self.tr("{who} split {handle} off into this customer").format(who=who, handle=identity)
            case CustomerEventType.TIER:
                return self.tr("{who} changed the tier from {before} to {after}").format(
                    who=who,
                    before=self.tier(event.get("before", "")),
                    after=self.tier(event.get("after", "")),
                )
            case CustomerEventType.DETAILS:
                labels = {"crm_id": self.tr("the CRM id"), "email": self.tr("the e-mail address")}
                fields = self.tr(" and ").join(labels.get(name, name) for name in event.get("after", {}))
                return self.tr("{who} changed {fields}").format(who=who, fields=fields)
            case CustomerEventType.DISMISSED:
                return self.tr("{who} dismissed a suggested link").format(who=who)
        return f"{who}: {event.type.value}"

    def status(self, status: str) -> str:
        labels = {
            "new": self.tr("new"),
            "open": self.tr("open"),
            "pending": self.tr("pending"),
            "resolved": self.tr("resolved"),
        }
        return labels.get(status, status)

    def tier(self, tier: str) -> str:
        labels = {
            "standard": self.tr("Standard"),
            "premium": self.tr("Premium"),
            "gold": self.tr("Gold"),
            "vip": self.tr("VIP"),
        }
        return labels.get(tier, tier)
