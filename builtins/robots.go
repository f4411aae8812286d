package builtins

var robotMethods = []spec{
	{
		name: "get_robot", rpc: "GetRobot",
		params:  []param{idParam("robot_id", "id", "ID of the machine to get.")},
		result:  []string{"robot"},
		summary: "Get a machine by its ID.",
		errors:  "NOT_FOUND for an unknown machine id.",
	},
	{
		name: "list_robots", rpc: "ListRobots",
		params:  []param{locationParam("location_id", "ID of the location to retrieve the machines from.")},
		result:  []string{"robots"},
		summary: "Get a list of all machines in a location.",
		errors:  "NOT_FOUND for an unknown location id.",
	},
	{
		name: "new_robot", rpc: "NewRobot", mutates: true,
		params: []param{
			{name: "name", field: "name", id: true, doc: "Name of the new machine."},
			locationParam("location", "ID of the location to create the machine in."),
		},
		result:  []string{"id"},
		summary: "Create a new machine, with its main part.",
		returns: "the new machine's ID.",
		errors:  "NOT_FOUND for an unknown location id.",
	},
	{
		name: "update_robot", rpc: "UpdateRobot", mutates: true,
		params: []param{
			idParam("robot_id", "id", "ID of the machine to update."),
			{name: "name", field: "name", id: true, doc: "New name for the machine."},
			locationParam("location", "ID of the location the machine is in (another one moves it)."),
		},
		result:  []string{"robot"},
		summary: "Change the name of an existing machine.",
		returns: "the updated machine.",
		errors:  "NOT_FOUND for an unknown machine or location id.",
	},
	{
		name: "delete_robot", rpc: "DeleteRobot", mutates: true,
		params:  []param{idParam("robot_id", "id", "ID of the machine to delete.")},
		summary: "Delete a machine and its parts.",
		errors:  "NOT_FOUND for an unknown machine id.",
	},
	{
		name: "get_robot_parts", rpc: "GetRobotParts",
		params:  []param{idParam("robot_id", "robot_id", "ID of the machine to get parts from.")},
		result:  []string{"parts"},
		summary: "Get a list of all the parts under a specific machine.",
		errors:  "NOT_FOUND for an unknown machine id.",
	},
}
