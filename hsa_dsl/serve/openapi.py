"""The OpenAPI 3.1 description of the API `hsa-dsl serve` answers, as data."""

from __future__ import annotations

import copy

_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "notice": {"type": "string", "description": "what the act is: a draft bill, not law in force"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "message": {"type": "string"},
                    "path": {"type": ["string", "null"],
                             "description": "the field of the case, such as employment.timecard[3].hours"},
                    "hint": {"type": ["string", "null"]},
                },
            },
        },
        "languages": {"type": "array", "items": {"type": "string"},
                      "description": "with an unknown `lang`: the languages the act has explanations in"},
    },
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


_CASE = {"$ref": "/api/schema"}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "hsa-dsl: the Household Service Act (Workers' Version)",
        "version": "1",
        "description": "",  # the act's notice and what follows, filled in by `openapi()`
    },
    "paths": {
        "/api/evaluate": {
            "post": {
                "summary": "Evaluate a case and explain the findings article by article",
                "description": "The answer is exactly the JSON `hsa-dsl explain CASE --format json "
                               "--lang LANG --for READER` prints for the same case.",
                "parameters": [
                    {"name": "lang", "in": "query", "required": False,
                     "description": "the language of the explanation",
                     "schema": {"type": "string", "default": "en", "enum": []}},
                    {"name": "for", "in": "query", "required": False,
                     "description": "who reads it: the worker, her advocate, or an expert (the full trace)",
                     "schema": {"type": "string", "default": "worker", "enum": ["worker", "advocate", "expert"]}},
                    {"name": "name", "in": "query", "required": False,
                     "description": "the case's name, as the answer gives it (`case`) and errors name it",
                     "schema": {"type": "string", "default": "case"}},
                ],
                "requestBody": {
                    "required": True,
                    "description": "a case, as a case file holds it: JSON, or YAML (1.2 core, read strictly: "
                                   "a key given twice is an error). At most 16 MiB unless the server was "
                                   "started with a larger --max-case-bytes.",
                    "content": {
                        "application/json": {"schema": _CASE},
                        "application/yaml": {"schema": _CASE},
                        "text/yaml": {"schema": _CASE},
                    },
                },
                "responses": {
                    "200": {"description": "the verdict explained; `notice` says what the act is",
                            "content": {"application/json": {"schema": {"type": "object",
                                                                        "required": ["format", "act", "findings"]}}}},
                    "400": _error("the body is not valid JSON or YAML, or `lang` or `for` is not one there is"),
                    "413": _error("the body is larger than the largest case read"),
                    "415": _error("the body is neither JSON nor YAML"),
                    "422": _error("the act refuses the case: every mistake with the field it is in"),
                    "500": _error("a fault of hsa-dsl itself, told in one line"),
                },
            },
        },
        "/api/schema": {
            "get": {
                "summary": "The JSON Schema of the case format",
                "description": "The same JSON as `hsa-dsl schema`.",
                "responses": {"200": {"description": "a JSON Schema",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            },
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This description",
                "responses": {"200": {"description": "an OpenAPI 3.1 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            },
        },
    },
    "components": {"schemas": {"Errors": _ERRORS}},
}

_ABOUT = ("hsa-dsl evaluates a worker's case against the rules of the act and explains, article by "
          "article, what the draft would give her. Besides this API, the application serves the "
          "interview that builds a case (/interview) and the case list (/cases); served beyond this "
          "machine, every request, this API's too, needs a login first. The case schema is at "
          "/api/schema.")


def openapi(notice: str | None, languages: list[str]) -> dict:
    """The description for an act: its notice (what the act is) and its languages."""
    document = copy.deepcopy(OPENAPI)
    document["info"]["description"] = f"{notice}\n\n{_ABOUT}" if notice else _ABOUT
    for parameter in document["paths"]["/api/evaluate"]["post"]["parameters"]:
        if parameter["name"] == "lang":
            parameter["schema"]["enum"] = list(languages)
    return document
