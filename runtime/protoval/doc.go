// Package protoval converts between protobuf messages and Starlark values,
// for any message type (it knows nothing of Viam).
//
// Proto to Starlark (NewMessage, ToStarlark, FieldValue):
//
//   - A message is a *Message: frozen, dict-like, converted field by field
//     when read and never cached, with keys in declaration order. Its
//     Type() is the message's short name ("Robot").
//   - int32/64, uint32/64 and their sint, fixed and sfixed forms are int;
//     float and double are float (float as its shortest decimal, 0.1 not
//     0.10000000149011612); bool, string and bytes are themselves.
//   - Enums are their value names ("ONLINE_STATE_ONLINE"); numbers an open
//     enum does not define stay ints; google.protobuf.NullValue is None.
//   - Repeated fields are a frozen *List ("proto.list"), maps a frozen *Map
//     ("proto.map") iterating in sorted key order.
//   - Unset message fields, absent optional scalars and unset oneof
//     members are None.
//   - Timestamp is a time.time (UTC), Duration a time.duration (from
//     go.starlark.net/lib/time), wrappers (Int64Value, ...) their scalar.
//   - Struct, ListValue and Value are plain mutable dicts and lists, made
//     anew on every access, so a script may edit a config and send it
//     back. Integral numbers within ±2^53 are ints, other numbers floats,
//     null is None.
//
// Their repr is our own and deterministic (never prototext's, whose
// spacing is randomised): Robot(id = "r1", name = "rover", ...) with every
// field in declaration order.
//
// json.encode of a *Message, *List or *Map (they are json.Marshalers) is
// stable and equals json.encode of the same data as plain dicts and lists:
//
//   - object keys sorted (as lib/json sorts dict keys), every field
//     present, null for unset messages and absent optional scalars;
//   - int64 and uint64 as JSON numbers, floats as Starlark prints them,
//     NaN and infinities as the strings "NaN", "Infinity", "-Infinity"
//     (as protojson writes them: JSON has no such numbers);
//   - bytes as standard base64, enums as their names;
//   - Timestamp as an RFC 3339 string in UTC ("2024-05-01T12:00:00Z"),
//     Duration as a Go duration string ("1h30m0s"), as time.time and
//     time.duration print;
//   - Struct, Value and ListValue as the JSON they hold.
//
// Starlark to proto (FromStarlark, SetField, DictToStruct) accepts dicts
// by field name, values a call returned, and the Starlark forms above; see
// SetField. Errors are *FieldError values naming the field path as a
// script would write it (`add_authorizations[0].resource_type: want
// string, got int`), and unknown names get a did-you-mean.
package protoval
