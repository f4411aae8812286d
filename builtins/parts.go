package builtins

import (
	"fmt"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

var partMethods = []spec{
	{
		name: "get_robot_part", rpc: "GetRobotPart",
		params: []param{
			idParam("robot_part_id", "id", "ID of the machine part to get."),
			{name: "dest", kind: kindString, def: none, id: true,
				doc: "File (under the write root) to write the part's config to, as JSON."},
			{name: "indent", kind: kindInt, def: starlark.MakeInt(4),
				doc: "Size (in number of spaces) of the indent when writing the JSON config to dest."},
		},
		result:  []string{"part"},
		summary: "Get a specific machine part, optionally writing its config as JSON to dest.",
		errors:  "NOT_FOUND for an unknown part id; an error writing dest fails the call.",
		build:   checkConfigDest,
		after:   writeConfigDest,
	},
	{
		name: "get_robot_part_history", rpc: "GetRobotPartHistory",
		params: []param{
			idParam("robot_part_id", "id", "ID of the machine part to retrieve history from."),
			pageLimitParam(0),
		},
		result:  []string{"history"},
		pages:   &paging{tokenField: "page_token", nextField: "next_page_token", limit: pageLimit},
		summary: "Get a list containing the history of a machine part: each entry holds the part as it was before an edit (old), when and by whom.",
		returns: "up to page_limit history entries, newest first (part, robot, when, old, edited_by); page_limit=0 fetches every page.",
		errors:  "NOT_FOUND for an unknown part id; INVALID_ARGUMENT for a negative page_limit.",
	},
	{
		name: "update_robot_part", rpc: "UpdateRobotPart", mutates: true,
		params: []param{
			idParam("robot_part_id", "id", "ID of the machine part to update."),
			{name: "name", field: "name", def: none, id: true,
				doc: "New name of the part. None keeps the current name (read first, one extra call)."},
			{name: "robot_config", field: "robot_config", def: none,
				doc: "New config as a dict. None leaves the part's config unchanged."},
			{name: "last_known_update", field: "last_known_update", def: none,
				doc: "The part's last_updated as read; the update fails if the stored config changed since."},
			{name: "robot_config_json", field: "robot_config_json", def: none,
				doc: "New config as JSON text (keeps key order); wins over robot_config."},
		},
		result:  []string{"part"},
		summary: "Change the name of a machine part and optionally assign it a new configuration.",
		returns: "the updated part.",
		build:   keepPartName,
		errors:  "NOT_FOUND for an unknown part id; INVALID_ARGUMENT for an invalid name or config; FAILED_PRECONDITION when last_known_update is stale.",
	},
	{
		name: "new_robot_part", rpc: "NewRobotPart", mutates: true,
		params: []param{
			idParam("robot_id", "robot_id", "ID of the machine to create the part for."),
			{name: "part_name", field: "part_name", id: true, doc: "Name of the new part."},
		},
		result:  []string{"part_id"},
		summary: "Create a new machine part.",
		returns: "the new part's ID.",
		errors:  "NOT_FOUND for an unknown machine id.",
	},
	{
		name: "delete_robot_part", rpc: "DeleteRobotPart", mutates: true,
		params:  []param{idParam("robot_part_id", "part_id", "ID of the machine part to delete.")},
		summary: "Delete the specified machine part.",
		errors:  "NOT_FOUND for an unknown part id.",
	},
	{
		name: "mark_part_as_main", rpc: "MarkPartAsMain", mutates: true,
		params:  []param{idParam("robot_part_id", "part_id", "ID of the machine part to mark as main.")},
		summary: "Mark a machine part as the main part of its machine.",
		errors:  "NOT_FOUND for an unknown part id.",
	},
	{
		name: "mark_part_for_restart", rpc: "MarkPartForRestart", mutates: true,
		params:  []param{idParam("robot_part_id", "part_id", "ID of the machine part to mark for restart.")},
		summary: "Mark a machine part for restart; viam-server restarts it at its next check-in.",
		errors:  "NOT_FOUND for an unknown part id.",
	},
	{
		name: "create_robot_part_secret", rpc: "CreateRobotPartSecret", mutates: true,
		params:  []param{idParam("robot_part_id", "part_id", "ID of the machine part to create a secret for.")},
		result:  []string{"part"},
		summary: "Create a machine part secret. Deprecated by Viam in favour of API keys.",
		returns: "the part with its new secret.",
		errors:  "NOT_FOUND for an unknown part id.",
	},
	{
		name: "delete_robot_part_secret", rpc: "DeleteRobotPartSecret", mutates: true,
		params: []param{
			idParam("robot_part_id", "part_id", "ID of the machine part to delete the secret from."),
			idParam("secret_id", "secret_id", "ID of the secret to delete."),
		},
		summary: "Delete a machine part secret. Deprecated by Viam in favour of API keys.",
		errors:  "NOT_FOUND for an unknown part or secret id.",
	},
}

// keepPartName sends the part's current name when none is given: the RPC
// always sets the name, and the fleet API document's example omits it.
func keepPartName(c *call, req protoreflect.Message) error {
	if _, ok := c.str("name"); ok {
		return nil
	}
	r := req.Interface().(*appv1.UpdateRobotPartRequest)
	resp := &appv1.GetRobotPartResponse{}
	if err := c.invokeOther("GetRobotPart", &appv1.GetRobotPartRequest{Id: r.GetId()}, resp); err != nil {
		return err
	}
	r.Name = resp.GetPart().GetName()
	return nil
}

// checkConfigDest refuses a bad indent or a missing write root before the
// RPC is sent.
func checkConfigDest(c *call, _ protoreflect.Message) error {
	if indent, _ := c.int("indent"); indent < 0 {
		return fmt.Errorf("indent: must not be negative, got %d", indent)
	}
	return checkDest(c)
}

// writeConfigDest writes the part's config JSON, re-indented, to dest.
func writeConfigDest(c *call, resp protoreflect.Message) error {
	return writeDest(c, func() ([]byte, error) {
		indent, _ := c.int("indent")
		return configJSON(resp, int(indent))
	})
}
