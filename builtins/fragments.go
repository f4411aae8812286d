package builtins

var fragmentMethods = []spec{
	{
		name: "list_fragments", rpc: "ListFragments",
		params: []param{
			{name: "show_public", field: "show_public", def: true_,
				doc: "True: only public fragments. False: only the organization's private fragments."},
			orgParam("organization_id"),
		},
		result:  []string{"fragments"},
		summary: "Get a list of fragments in the organization.",
	},
	{
		name: "get_fragment", rpc: "GetFragment",
		params: []param{
			idParam("fragment_id", "id", "ID of the fragment to get."),
			{name: "version", field: "version", def: none, id: true,
				doc: "Revision number or tag to get. None: the current revision."},
		},
		result:  []string{"fragment"},
		summary: "Get a fragment by its ID.",
		errors:  "NOT_FOUND for an unknown fragment id or version.",
	},
	{
		name: "create_fragment", rpc: "CreateFragment", mutates: true,
		params: []param{
			{name: "name", field: "name", id: true, doc: "Name of the new fragment."},
			{name: "config", field: "config", def: none,
				doc: "The new fragment's config as a dict. None: an empty config, assignable later by update_fragment."},
			orgParam("organization_id"),
		},
		result:  []string{"fragment"},
		summary: "Create a new private fragment.",
		returns: "the new fragment.",
		errors:  "INVALID_ARGUMENT for an invalid name.",
	},
	{
		name: "update_fragment", rpc: "UpdateFragment", mutates: true,
		params: []param{
			idParam("fragment_id", "id", "ID of the fragment to update."),
			{name: "name", field: "name", id: true, doc: "New name of the fragment (pass the current name to keep it)."},
			{name: "config", field: "config", def: none,
				doc: "New config as a dict. None leaves the config unchanged."},
			{name: "public", field: "public", def: none,
				doc: "True makes the fragment public, False private. None leaves its visibility unchanged."},
		},
		result:  []string{"fragment"},
		summary: "Update a fragment's name and its config and/or visibility. Each save creates a new revision.",
		returns: "the updated fragment.",
		errors:  "NOT_FOUND for an unknown fragment id; INVALID_ARGUMENT for an invalid name or config.",
	},
	{
		name: "delete_fragment", rpc: "DeleteFragment", mutates: true,
		params:  []param{idParam("fragment_id", "id", "ID of the fragment to delete.")},
		summary: "Delete a fragment.",
		errors:  "NOT_FOUND for an unknown fragment id; FAILED_PRECONDITION while machines use it.",
	},
}
