"""The OpenAPI description of the GeoReport v2 endpoints, served at /open311/v2/openapi.json."""

from __future__ import annotations

from .filing import DESCRIPTION_MAX


def _nullable(kind: str = "string", **extra) -> dict:
    return {"type": kind, "nullable": True, **extra}


ERROR = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": _nullable(),
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": _nullable(),
        "group": _nullable(),
    },
}
ATTRIBUTE = {
    "type": "object",
    "required": ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"],
    "properties": {
        "variable": {"type": "boolean"},
        "code": {"type": "string"},
        "datatype": {
            "type": "string",
            "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
        },
        "required": {"type": "boolean"},
        "datatype_description": _nullable(),
        "order": {"type": "integer"},
        "description": {"type": "string"},
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name"],
                "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
            },
        },
    },
}
DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {"service_code": {"type": "string"}, "attributes": {"type": "array", "items": ATTRIBUTE}},
}
REQUEST_FIELDS = {
    "service_request_id": {"type": "string"},
    "status": {"type": "string", "enum": ["open", "closed"]},
    "status_notes": _nullable(),
    "service_name": {"type": "string"},
    "service_code": {"type": "string"},
    "description": _nullable(description="A summary staff wrote for the public; empty until they do."),
    "agency_responsible": {"type": "string"},
    "service_notice": _nullable(),
    "requested_datetime": {"type": "string", "format": "date-time"},
    "updated_datetime": {"type": "string", "format": "date-time"},
    "expected_datetime": _nullable(format="date-time"),
    "address": _nullable(description="At building level."),
    "address_id": _nullable(),
    "zipcode": _nullable(),
    "lat": _nullable("number"),
    "long": _nullable("number"),
    "media_url": _nullable(format="uri"),
}
REQUEST = {"type": "object", "required": list(REQUEST_FIELDS), "properties": REQUEST_FIELDS}
CREATED = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "service_notice", "account_id"],
        "properties": {
            "service_request_id": {"type": "string"},
            "service_notice": _nullable(),
            "account_id": _nullable(),
        },
    },
}
FORM_FIELDS = {
    "api_key": {"type": "string", "description": "The client app's key, issued by the community's admin."},
    "jurisdiction_id": {"type": "string"},
    "service_code": {"type": "string"},
    "lat": {"type": "number", "minimum": -90, "maximum": 90},
    "long": {"type": "number", "minimum": -180, "maximum": 180},
    "address_string": {"type": "string", "maxLength": 200},
    "address_id": {"type": "string", "maxLength": 64},
    "email": {"type": "string"},
    "device_id": {"type": "string", "maxLength": 100},
    "account_id": {"type": "string", "maxLength": 100},
    "first_name": {"type": "string", "maxLength": 50},
    "last_name": {"type": "string", "maxLength": 50},
    "phone": {"type": "string", "maxLength": 20},
    "description": {"type": "string", "maxLength": DESCRIPTION_MAX},
    "media_url": {"type": "string"},
}

FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": ["json", "xml"]},
}
JURISDICTION = {
    "name": "jurisdiction_id",
    "in": "query",
    "description": "The community's code; without it, the deployment's default community.",
    "schema": {"type": "string"},
}
CODE_PATTERN = "^[A-Za-z0-9]{1,30}$"


def _answer(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}, "text/xml": {"schema": {"type": "string"}}},
    }


def _errors(*codes: int) -> dict:
    reasons = {
        400: "Bad input (the specification's error list)",
        403: "Missing, unknown or revoked api_key",
        404: "jurisdiction_id, service_code or service_request_id not found",
        415: "Not form-encoded",
        429: "Too many requests from this key or address; see Retry-After",
    }
    return {str(code): _answer(reasons[code], ERROR) for code in codes}


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def description(base_url: str) -> dict:
    reads = _errors(404, 429)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Gongjian Open311 GeoReport v2",
            "version": "2",
            "description": "Service requests of the communities this portal hosts, as GeoReport v2 (JSON and XML). "
            "Reading is public; filing needs an API key.",
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/discovery.{format}": {
                "get": {
                    "operationId": "discovery",
                    "parameters": [FORMAT],
                    "responses": {"200": _answer("Service discovery", {"type": "object"}), **_errors(429)},
                }
            },
            "/services.{format}": {
                "get": {
                    "operationId": "listServices",
                    "parameters": [FORMAT, JURISDICTION],
                    "responses": {"200": _answer("The service list", {"type": "array", "items": SERVICE}), **reads},
                }
            },
            "/services/{service_code}.{format}": {
                "get": {
                    "operationId": "serviceDefinition",
                    "parameters": [
                        {
                            "name": "service_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": CODE_PATTERN},
                        },
                        FORMAT,
                        JURISDICTION,
                    ],
                    "responses": {"200": _answer("A service's extra questions", DEFINITION), **reads},
                }
            },
            "/requests.{format}": {
                "get": {
                    "operationId": "listRequests",
                    "parameters": [
                        FORMAT,
                        JURISDICTION,
                        _query("service_request_id", {"type": "string"}, "Comma-separated; overrides the others."),
                        _query("service_code", {"type": "string"}, "Comma-separated."),
                        _query("status", {"type": "string"}, "open, closed or both, comma-separated."),
                        _query("start_date", {"type": "string", "format": "date-time"}),
                        _query("end_date", {"type": "string", "format": "date-time"}),
                        _query("page", {"type": "integer", "minimum": 1, "maximum": 100000}),
                        _query("page_size", {"type": "integer", "minimum": 1, "maximum": 1000}),
                    ],
                    "responses": {
                        "200": _answer("Public requests", {"type": "array", "items": REQUEST}),
                        **_errors(400, 404, 429),
                    },
                },
                "post": {
                    "operationId": "createRequest",
                    "parameters": [FORMAT],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": ["api_key", "service_code"],
                                    "properties": FORM_FIELDS,
                                }
                            }
                        },
                    },
                    "responses": {"201": _answer("The new request", CREATED), **_errors(400, 403, 404, 415, 429)},
                },
            },
            "/requests/{service_request_id}.{format}": {
                "get": {
                    "operationId": "getRequest",
                    "parameters": [
                        {
                            "name": "service_request_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": CODE_PATTERN},
                        },
                        FORMAT,
                        JURISDICTION,
                    ],
                    "responses": {"200": _answer("One public request", {"type": "array", "items": REQUEST}), **reads},
                }
            },
        },
    }
