"""Unit choices for select boxes: the policy's answer (territory sits below accounts, so it asks through
core.scoping.policy())."""
from danvan.core.scoping import policy


def unit_choices_for(user) -> list[tuple[int, str]]:
    """Provinces (all, for national users) or the user's provinces with their communes, or their communes."""
    return policy().unit_choices(user)
