"""The backup's serialization format: Django's JSON, with every character and microsecond kept.

Registered as "json-exact" (SERIALIZATION_MODULES) for `dumpdata`; `loaddata` reads the files
with Django's own JSON deserializer. Two differences from Django's "json" serializer:

* Timestamps keep their microseconds. DjangoJSONEncoder cuts them to milliseconds, so a
  restored decision or history row would no longer sort or compare as the original did.
* Every non-ASCII character is written as a \\u escape. Any text a database can store (control
  characters, U+FFFE and U+FFFF included, which XML 1.0 cannot carry) survives the round trip,
  and the file is plain ASCII whatever the locale of the machine that reads it.
"""

import datetime as dt

from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
        self.json_kwargs["ensure_ascii"] = True


Deserializer = json.Deserializer
