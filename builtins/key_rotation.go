package builtins

var keyRotationMethods = []spec{
	{
		name: "rename_key", rpc: "RenameKey", mutates: true,
		params: []param{
			idParam("id", "id", "ID of the API key."),
			idParam("name", "name", "The new name (names need not be unique)."),
		},
		result:  []string{"id", "name"},
		summary: "Rename an API key; its secret and authorizations stay.",
		returns: "a tuple (id, name).",
		errors:  "NOT_FOUND for an unknown key; PERMISSION_DENIED unless the credentials own the key's organization or every resource it holds a role on.",
	},
	{
		name: "rotate_key", rpc: "RotateKey", mutates: true,
		params: []param{idParam("id", "id", "ID of the API key.")},
		result: []string{"key", "id"},
		summary: "Give an API key a new secret, keeping its ID, name and authorizations. The old secret stops working " +
			"for new logins at once; sessions already logged in with it last until their access token expires.",
		returns: "a tuple (key, id): the new secret, shown only now, and the key's ID.",
		errors:  "NOT_FOUND for an unknown key; PERMISSION_DENIED unless the credentials own the key's organization or every resource it holds a role on.",
	},
}
