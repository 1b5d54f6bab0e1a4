/*
 * lines: a line reader on pread, so that it neither depends on nor
 * moves the descriptor's offset (the same descriptor is appended to).
 */
#include <sys/types.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/lines.h"

void
cb_lines_init(struct cb_lines *l, int fd)
{
	memset(l, 0, sizeof(*l));
	l->fd = fd;
}

int
cb_lines_next(struct cb_lines *l, const char **line, size_t *len)
{
	char	*nl;
	ssize_t	 r;

	/* No file is an empty one. */
	if (l->fd == -1)
		return (0);
	for (;;) {
		nl = memchr(l->buf + l->pos, '\n', l->len - l->pos);
		if (nl != NULL) {
			*line = l->buf + l->pos;
			*len = (size_t)(nl - (l->buf + l->pos));
			l->pos = (size_t)(nl - l->buf) + 1;
			return (1);
		}
		/* Keep the partial line, refill behind it. */
		if (l->pos > 0) {
			memmove(l->buf, l->buf + l->pos, l->len - l->pos);
			l->off += (off_t)l->pos;
			l->len -= l->pos;
			l->pos = 0;
		}
		if (l->len == sizeof(l->buf))
			return (-1);
		r = pread(l->fd, l->buf + l->len, sizeof(l->buf) - l->len,
		    l->off + (off_t)l->len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return (-1);
		if (r == 0)
			return (0);
		l->len += (size_t)r;
	}
}
