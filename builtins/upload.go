package builtins

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// uploadChunkSize is the size of each file message, as the Go SDK sends.
const uploadChunkSize = 64 << 10

func checkUploadArgs(c *call, _ protoreflect.Message) error {
	if c.value("module_file_info") == starlark.None {
		return errors.New("module_file_info: must not be None (a dict with module_id, version, platform)")
	}
	_, hasPath := c.str("path")
	hasFile := c.value("file") != starlark.None
	switch {
	case hasPath == hasFile:
		return errors.New("want exactly one of file (bytes) or path (a file under the read root)")
	case hasPath && c.env.Read == nil:
		return errors.New("path: reading files is not allowed (no read root)")
	}
	return nil
}

// uploadModuleFile streams module_file_info, then the file in chunks, and
// returns the URL the server answers with.
func uploadModuleFile(c *call, req protoreflect.Message) (starlark.Value, error) {
	src, size, closeSrc, err := uploadSource(c)
	if err != nil {
		return nil, err
	}
	defer closeSrc()

	ctx, cancel := c.env.CallContext()
	defer cancel()
	stream, err := c.fleet.cc.NewStream(ctx, &appv1.AppService_ServiceDesc.Streams[1], c.m.fullMethod)
	if err != nil {
		return nil, newRPCError(c.m.name, err)
	}
	progress := newProgress(c, size)
	sendErr := stream.SendMsg(req.Interface())
	for sendErr == nil {
		chunk := make([]byte, uploadChunkSize) // gRPC may hold a sent message; never reuse it
		n, readErr := io.ReadFull(src, chunk)
		if n > 0 {
			sendErr = stream.SendMsg(&appv1.UploadModuleFileRequest{
				ModuleFile: &appv1.UploadModuleFileRequest_File{File: chunk[:n]},
			})
			progress.add(n)
		}
		if readErr == io.EOF || readErr == io.ErrUnexpectedEOF {
			break
		}
		if readErr != nil {
			cancel() // abandon the stream: the server must not keep a partial file
			return nil, fmt.Errorf("path: read: %w", readErr)
		}
	}
	progress.done()
	// io.EOF from SendMsg means the server ended the stream; its status
	// comes from the receive below.
	if sendErr != nil && !errors.Is(sendErr, io.EOF) {
		return nil, newRPCError(c.m.name, sendErr)
	}
	if err := stream.CloseSend(); err != nil {
		return nil, newRPCError(c.m.name, err)
	}
	resp := &appv1.UploadModuleFileResponse{}
	if err := stream.RecvMsg(resp); err != nil {
		return nil, newRPCError(c.m.name, err)
	}
	return c.m.convert(resp.ProtoReflect()), nil
}

// uploadSource opens what to upload: the file argument, or path under the
// read root.
func uploadSource(c *call) (r io.Reader, size int64, closeFn func(), err error) {
	if path, ok := c.str("path"); ok {
		rc, info, err := c.env.Read.Open(path)
		if err != nil {
			return nil, 0, nil, fmt.Errorf("path: %w", err)
		}
		return rc, info.Size(), func() { rc.Close() }, nil
	}
	data := c.value("file").(starlark.Bytes)
	return bytes.NewReader([]byte(data)), int64(len(data)), func() {}, nil
}

// progress draws upload progress on an interactive stderr.
type progress struct {
	c          *call
	total, got int64
	on         bool
}

func newProgress(c *call, total int64) *progress {
	return &progress{c: c, total: total, on: c.env.Interactive}
}

func (p *progress) add(n int) {
	p.got += int64(n)
	if p.on {
		fmt.Fprintf(p.c.env.Stderr, "\rfleet.%s: %s / %s", p.c.m.name, humanBytes(p.got), humanBytes(p.total))
	}
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.c.env.Stderr)
	}
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
