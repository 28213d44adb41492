"""The API's JSON: DRF's, except that decimals keep every digit.

DRF's encoder writes a Decimal as a float (`1.10` as `1.1`, and loses digits
past the 17th); rows hold Decimals read exactly (datasets.exactjson), so the
API writes them with exactjson's encoder, and everything else as DRF does.
"""

from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from datasets.exactjson import ExactEncoder


class ExactJSONEncoder(ExactEncoder, JSONEncoder):
    """exactjson's Decimals, DRF's dates, UUIDs, lazy strings and querysets."""


class ExactJSONRenderer(JSONRenderer):
    encoder_class = ExactJSONEncoder
