"""Who is calling, and may they: FastAPI dependencies every endpoint but ``/health`` goes through."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from console.domain.agent import Agent, Permission
from console.hub import auth
from console.hub.database import reader

_bearer = HTTPBearer(auto_error=False, description="A token from POST /v1/auth/login")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def unauthorized(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, reason, headers={"WWW-Authenticate": "Bearer"})


def caller_dependency(engine: Engine) -> Callable[..., Agent]:
    """A dependency resolving the bearer token to its user (401 when missing, unknown or ended)."""
    reading = reader(engine)

    def caller(credentials: Credentials) -> Agent:
        if credentials is None:
            raise unauthorized("sign in first: this endpoint needs a bearer token")
        try:
            with reading.connect() as connection:
                return auth.authenticate(connection, credentials.credentials)
        except auth.AuthError as error:
            raise unauthorized(str(error)) from None

    return caller


def permission_dependency(caller: Callable[..., Agent], permission: Permission) -> Callable[..., Agent]:
    """A dependency that lets through only callers whose role grants ``permission`` (else 403)."""

    def permitted(agent: Annotated[Agent, Depends(caller)]) -> Agent:
        if not agent.may(permission):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"a {agent.role.value} may not do this ({permission.value})"
            )
        return agent

    return permitted
