"""The OpenAPI schema's generator (drf-spectacular), told what ReadOrStaffWrite allows,
and pydantic's models (the chart spec) written in OpenAPI 3.0's words.

A module of its own: DRF imports the permission classes while drf-spectacular
imports DRF, so the two cannot share a module. The extension below registers itself
when this module is imported, which ApiSchema's use guarantees before any schema is built.
"""

from typing import Any

from drf_spectacular.contrib.pydantic import PydanticExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, model_json_schema
from pydantic_core import core_schema
from rest_framework.permissions import SAFE_METHODS


class ApiSchema(AutoSchema):
    """Reads need no credentials: say so beside the token and session schemes."""

    def get_auth(self):
        auths = super().get_auth()
        return [*auths, {}] if self.method in SAFE_METHODS else auths


class OpenApi30JsonSchema(GenerateJsonSchema):
    """pydantic writes JSON Schema 2020-12, which only OpenAPI 3.1 reads; our schema is
    3.0, the version most client generators take. The three 2020-12 words the chart spec
    uses, said the 3.0 way: `null` as a type, `const`, and rules on a mapping's keys."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if "$ref" in inner:  # a reference takes no siblings in 3.0
            return {"allOf": [inner], "nullable": True}
        return {**inner, "nullable": True}

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        result = super().literal_schema(schema)
        if "const" in result:
            result["enum"] = [result.pop("const")]
        return result

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # 3.0 has neither patternProperties nor propertyNames: the values' schema stays,
        # the keys' rules are the server's to check.
        result = super().dict_schema(schema)
        result.pop("propertyNames", None)
        patterns = result.pop("patternProperties", None)
        if patterns:
            (values,) = patterns.values()
            result["additionalProperties"] = values
        return result


class OpenApi30PydanticExtension(PydanticExtension):
    """drf-spectacular's own pydantic extension, generating with OpenApi30JsonSchema."""

    priority = 1  # before the contrib one, which targets the same classes

    def map_serializer(self, auto_schema: AutoSchema, direction: Any) -> dict[str, Any]:
        schema = model_json_schema(
            self.target,
            ref_template="#/components/schemas/{model}",
            mode="serialization",
            schema_generator=OpenApi30JsonSchema,
        )
        for name, sub_schema in schema.pop("$defs", {}).items():
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=sub_schema
            )
            auto_schema.registry.register_on_missing(component)
        return schema
