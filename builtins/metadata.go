package builtins

import (
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
)

// metadataMethods read and replace the user-defined metadata of
// organizations, locations, machines and parts: one free-form dict each.
var metadataMethods = []spec{
	getMetadata(metadataOfOrg, "get_organization_metadata", "GetOrganizationMetadata", orgParam("organization_id")),
	updateMetadata(metadataOfOrg, "update_organization_metadata", "UpdateOrganizationMetadata", orgParam("organization_id")),
	getMetadata(metadataOfLocation, "get_location_metadata", "GetLocationMetadata", metadataLocationParam),
	updateMetadata(metadataOfLocation, "update_location_metadata", "UpdateLocationMetadata", metadataLocationParam),
	getMetadata(metadataOfRobot, "get_robot_metadata", "GetRobotMetadata", metadataRobotParam),
	updateMetadata(metadataOfRobot, "update_robot_metadata", "UpdateRobotMetadata", metadataRobotParam),
	getMetadata(metadataOfPart, "get_robot_part_metadata", "GetRobotPartMetadata", metadataPartParam),
	updateMetadata(metadataOfPart, "update_robot_part_metadata", "UpdateRobotPartMetadata", metadataPartParam),
}

var (
	metadataLocationParam = idParam("location_id", "location_id", "ID of the location.")
	metadataRobotParam    = idParam("robot_id", "id", "ID of the machine.")
	metadataPartParam     = idParam("robot_part_id", "id", "ID of the machine part.")
)

// metadataResource says, for the docs, what a resource is and who may read
// and replace its metadata.
type metadataResource struct {
	noun        string // "an organization"
	read, write string
}

var (
	metadataOfOrg      = metadataResource{"an organization", "an owner or operator role on the organization itself", "ownership of the organization"}
	metadataOfLocation = metadataResource{"a location", "a role covering the location", "ownership of the location"}
	metadataOfRobot    = metadataResource{"a machine", "a role covering the machine (operators too)", "ownership of the machine"}
	metadataOfPart     = metadataResource{"a machine part", "a role covering the part's machine (operators too)", "ownership of the part's machine"}
)

func getMetadata(r metadataResource, name, rpc string, id param) spec {
	return spec{
		name: name, rpc: rpc,
		params:  []param{id},
		result:  []string{"data"},
		after:   emptyMetadataIsDict,
		summary: "Get the user-defined metadata of " + r.noun + ".",
		returns: "the metadata as a plain, mutable dict ({} when there is none); integral numbers come back as ints. " +
			"Change it and pass it to the matching update_ method.",
		errors: "NOT_FOUND when there is no such resource; PERMISSION_DENIED without " + r.read + ".",
	}
}

func updateMetadata(r metadataResource, name, rpc string, id param) spec {
	metadata := param{name: "metadata", field: "data",
		doc: "The new metadata: a dict of JSON-like values (None, bool, int, float, str, lists, dicts). It replaces the old metadata whole; {} clears it."}
	params := []param{id, metadata} // the Python SDK's order
	if id.scope != scopeNone {
		params = []param{metadata, id} // an omittable org_id comes last
	}
	return spec{
		name: name, rpc: rpc, mutates: true,
		params: params,
		summary: "Replace the user-defined metadata of " + r.noun + ". " +
			"The whole dict is replaced, not merged: read it, change it and write it back to keep the other keys.",
		errors: "INVALID_ARGUMENT for a value metadata cannot hold; NOT_FOUND when there is no such resource; PERMISSION_DENIED without " + r.write + ".",
	}
}

// emptyMetadataIsDict makes a response without metadata read as {}, as the
// Python SDK's struct_to_dict does, so scripts can always index the result.
func emptyMetadataIsDict(c *call, resp protoreflect.Message) error {
	fd := c.m.results[0]
	if !resp.Has(fd) {
		resp.Set(fd, protoreflect.ValueOfMessage((&structpb.Struct{}).ProtoReflect()))
	}
	return nil
}
