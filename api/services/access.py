"""Who may do what: the one place the service's authorisation rules live.

=================================  =========  ==========  =========  =======
action                             consultant jobseeker   analyst    admin
=================================  =========  ==========  =========  =======
taxonomy, occupation transitions   yes        yes         yes        yes
read vacancies                     yes        yes         yes        yes
write vacancies, bulk import       own org    no          no         yes
create a profile                   yes (1)    own (2)     no         yes
read/update/match a profile        consent    own         no         yes
delete a profile                   consent    own         no         yes
consent, export of a profile       no         own         no         yes
candidates for a vacancy           consent    no          no         yes
aggregate statistics               no         no          yes        yes
audit log, keys                    no         no          no         yes
=================================  =========  ==========  =========  =======

(1) the profile's consent must include the consultant's organisation; (2) one profile per key.
"own org": any consultant creates vacancies; changing or deleting one is for consultants of the
organisation it belongs to (see ``api/services/vacancies.py``).
"consent" means the profile granted the consultant's organisation the request's purpose. A profile
a caller may not see is reported as not found (its existence is not revealed).
"""

from __future__ import annotations

from api.services.consent import ConsentRegistry
from api.services.principal import Principal, Purpose, Role
from taxonomy.errors import ForbiddenError, NotFoundError


def require_role(who: Principal, *roles: Role) -> None:
    """ForbiddenError unless ``who`` has one of ``roles`` (admin always passes)."""
    if who.role is not Role.ADMIN and who.role not in roles:
        allowed = ", ".join(r.value for r in roles) or "admin"
        raise ForbiddenError(
            f"rol {who.role.value} mag dit niet / role {who.role.value} may not do this "
            f"(allowed: {allowed}{', admin' if roles else ''})",
            details={"role": who.role.value},
        )


def check_profile_access(
    who: Principal,
    profile_id: str,
    purpose: Purpose,
    consent: ConsentRegistry,
    *,
    owner_only: bool = False,
) -> None:
    """Raise unless ``who`` may see profile ``profile_id`` for ``purpose``.

    ``owner_only``: only the person (or an admin), e.g. consent changes and data export.
    """
    if who.role is Role.ADMIN:
        return
    if who.role is Role.ANALYST:
        require_role(who, Role.CONSULTANT, Role.JOBSEEKER)
    if who.role is Role.JOBSEEKER and who.profile_id == profile_id:
        return
    if (
        who.role is Role.CONSULTANT
        and not owner_only
        and consent.allows(profile_id, who.organisation, purpose)
    ):
        return
    if who.role is Role.CONSULTANT and owner_only:
        require_role(who, Role.JOBSEEKER)
    raise NotFoundError(f"no profile with id {profile_id}", details={"id": profile_id})
