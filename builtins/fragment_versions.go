package builtins

import "go.starlark.net/starlark"

var fragmentVersionMethods = []spec{
	{
		name: "get_fragment_history", rpc: "GetFragmentHistory",
		params: []param{
			idParam("id", "id", "ID of the fragment."),
			{name: "page_token", field: "page_token", def: starlark.String(""),
				doc: "Where to start: a page token the server returned. \"\" starts at the newest edit."},
			pageLimitParam(10),
		},
		result: []string{"history"},
		pages:  &paging{tokenField: "page_token", nextField: "next_page_token", limit: pageLimit},
		summary: "Get a fragment's edit history, newest first: each entry holds the fragment as it was before the edit (old), " +
			"when (edited_on) and by whom (edited_by), and the revision and config the edit made.",
		returns: "up to page_limit history entries (fragment, edited_on, old, edited_by, revision, config).",
		errors:  "NOT_FOUND for an unknown fragment id; INVALID_ARGUMENT for a negative page_limit or a foreign page_token.",
	},
	{
		name: "get_fragment_usage", rpc: "GetFragmentUsage",
		params:  []param{idParam("fragment_id", "fragment_id", "ID of the fragment.")},
		result:  []string{"version_usages"},
		summary: "Count the machines using a fragment, per version they import (a revision, a tag, or version unset for the latest).",
		returns: "per version: organizations, machines, machines_in_current_org (the fragment's own) and version (None = latest); empty when unused.",
		errors:  "NOT_FOUND for an unknown fragment id.",
	},
	{
		name: "set_fragment_tag", rpc: "SetFragmentTag", mutates: true,
		params: []param{
			idParam("fragment_id", "fragment_id", "ID of the fragment."),
			idParam("tag", "tag", "The tag, e.g. \"stable\"; not \"latest\" and not a number."),
			idParam("revision", "revision", "The revision the tag points at, e.g. \"3\"."),
		},
		result:  []string{"tags"},
		summary: "Point a tag at a revision of a fragment, moving the tag if it exists. Machines and get_fragment may then ask for the tag as a version.",
		returns: "all the fragment's tags (tag, revision), by tag.",
		errors:  "NOT_FOUND for an unknown fragment or revision; INVALID_ARGUMENT for \"latest\" or a numeric tag.",
	},
	{
		name: "delete_fragment_tag", rpc: "DeleteFragmentTag", mutates: true,
		params: []param{
			idParam("fragment_id", "fragment_id", "ID of the fragment."),
			idParam("tag", "tag", "The tag to delete."),
		},
		result:  []string{"tags"},
		summary: "Delete a tag of a fragment.",
		returns: "the fragment's remaining tags.",
		errors:  "NOT_FOUND for an unknown fragment or tag.",
	},
	{
		name: "list_nested_fragments", rpc: "ListNestedFragments",
		params: []param{
			{name: "fragment_id", field: "fragment_id", kind: kindString, def: none, id: true,
				doc: "ID of the fragment whose imports to resolve (not listed itself). None: only additional_fragments."},
			{name: "additional_fragments", field: "additional_fragments", def: none,
				doc: "More fragments to resolve as if the fragment imported them: dicts {\"fragment_id\", \"version\"} (version optional)."},
		},
		result: []string{"fragments", "resolved_fragments"},
		summary: "Resolve the fragments a fragment imports through its config's \"fragments\" entries (plain ids or " +
			"{\"id\", \"version\"} objects), at the versions asked, recursively.",
		returns: "a tuple (fragments, resolved_fragments): the fragments reached, and per fragment its resolved config and " +
			"revision or an error (error_type NO_ACCESS, NESTING_LIMIT_EXCEEDED, CHILD_ID_INVALID or CYCLE_DETECTED).",
		errors: "NOT_FOUND for an unknown fragment_id; PERMISSION_DENIED for a private fragment of another organization.",
	},
	{
		name: "list_machine_fragments", rpc: "ListMachineFragments",
		params: []param{
			idParam("machine_id", "machine_id", "ID of the machine."),
			{name: "additional_fragment_ids", field: "additional_fragment_ids", def: none,
				doc: "IDs of more fragments to resolve as if the machine imported them."},
			{name: "additional_fragments", field: "additional_fragments", def: none,
				doc: "More fragments with versions: dicts {\"fragment_id\", \"version\"} (version optional)."},
		},
		result:  []string{"fragments", "resolved_fragments"},
		summary: "Resolve the fragments a machine's parts import, and those they import in turn, plus any additional ones.",
		returns: "a tuple (fragments, resolved_fragments), as list_nested_fragments.",
		errors:  "NOT_FOUND for an unknown machine id.",
	},
}
