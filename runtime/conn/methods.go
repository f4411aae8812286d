package conn

import "strings"

// readPrefixes start the names of the RPCs that only read: retrying them
// after Unavailable cannot change the fleet twice.
var readPrefixes = []string{"Get", "List", "Check", "Search", "Read", "Tail"}

// readRPCs are the reads whose names do not say so.
var readRPCs = map[string]bool{
	"LocationAuth":                true,
	"OrganizationGetSupportEmail": true,
	"OrganizationGetLogo":         true,
	"Authenticate":                true, // proto.rpc.v1.AuthService: mints a token, changes nothing
}

// isRead reports whether the full gRPC method (/pkg.Service/Name) only
// reads, and so may be retried when the server is Unavailable.
func isRead(fullMethod string) bool {
	name := fullMethod[strings.LastIndexByte(fullMethod, '/')+1:]
	if readRPCs[name] {
		return true
	}
	for _, p := range readPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
