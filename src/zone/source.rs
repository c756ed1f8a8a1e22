//! Source files and positions: `SourceMap`, `FileId`, `Span` (byte offsets) and a lazily built
//! line index. Owns the file bytes for the whole run; knows nothing of DNS.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[must_use]
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Self { file, start, end }
    }

    #[must_use]
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (which must be in the same file).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }

    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded file: its path as given, its bytes, and a line index built on first use.
///
/// A large file is read in chunks and not kept in memory (see `Reader`'s streaming): its bytes
/// are read again from disk the first time something asks for them (a diagnostic to render, a
/// field span), and checked against the length and modification time seen while reading.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: OnceLock<Arc<Vec<u8>>>,
    /// For a streamed file: what it looked like when it was read.
    on_disk: Option<DiskStamp>,
    line_starts: OnceLock<Vec<u32>>,
    /// The line [`SourceFile::line_col`] last found, where the next search starts: callers mostly
    /// ask in position order (sorted findings, each written with its line). Any value is a valid
    /// start, so threads racing on it only cost each other a longer search.
    line_hint: AtomicUsize,
    /// The path as text, made once: every finding written names its file.
    path_text: OnceLock<String>,
    /// For a file read by `$INCLUDE`: the path token of that directive.
    included_from: Option<Span>,
    /// For a streamed file read to its end: the byte ranges of its chunks, each re-read alone
    /// when a span inside it is asked for, so that a finding does not bring back the whole file.
    chunks: OnceLock<Vec<Chunk>>,
    /// The chunks read again most recently (at most [`RECENT_CHUNKS`]). Most rules walk records in
    /// file order, so a few suffice; keeping every chunk read would hold the whole file again
    /// (a rule quoting TXT records of every part of a 67 MB zone brought back all of it). Two
    /// half-MiB chunks keep reading a 1M-record zone under twice its size; rules then read some
    /// chunks again (about 2 GB of page-cache copies on mixed 1M, lost in the noise of its 4 s).
    recent: Mutex<VecDeque<(usize, Arc<Vec<u8>>)>>,
}

/// Chunks of a streamed file kept after being read again (each about 512 KiB).
const RECENT_CHUNKS: usize = 2;

/// One chunk of a streamed file: every entry lies inside one chunk, and a chunk starts at a line
/// start, so the text around a record or comment can be read without the rest of the file.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: u32,
    end: u32,
}

/// Bytes of a file handed out by [`SourceFile::window`] and the like: part of the whole text,
/// or of one chunk of a streamed file read again. It owns a share of them, so the file's cache
/// may let the chunk go while this is in use. Derefs to the bytes.
#[derive(Debug, Clone)]
pub struct Window {
    /// File offset of the first byte.
    pub base: u32,
    data: Arc<Vec<u8>>,
    /// The bytes shown: `data[from..to]`.
    from: usize,
    to: usize,
}

impl Window {
    fn empty() -> Self {
        Self::new(0, Arc::new(Vec::new()))
    }

    fn new(base: u32, data: Arc<Vec<u8>>) -> Self {
        let to = data.len();
        Self {
            base,
            data,
            from: 0,
            to,
        }
    }

    /// The file bytes `start..end` of this window; empty when they are not all inside it.
    fn narrowed(mut self, start: u32, end: u32) -> Self {
        let inside =
            start >= self.base && start <= end && (end - self.base) as usize <= self.to - self.from;
        let (from, to) = if inside {
            (
                self.from + (start - self.base) as usize,
                self.from + (end - self.base) as usize,
            )
        } else {
            (self.from, self.from)
        };
        self.base = if inside { start } else { self.base };
        self.from = from;
        self.to = to;
        self
    }

    /// From file offset `start` to the end of the window (empty when `start` is outside).
    fn starting_at(self, start: u32) -> Self {
        let end = self.base + u32::try_from(self.to - self.from).unwrap_or(u32::MAX);
        self.narrowed(start, end)
    }
}

impl std::ops::Deref for Window {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.data[self.from..self.to]
    }
}

/// What the reader learnt of a streamed file's layout while reading it.
#[derive(Debug, Default)]
pub struct StreamLayout {
    line_starts: Vec<u32>,
    chunks: Vec<(u32, u32)>,
}

impl StreamLayout {
    /// A layout for a file whose first chunk is about to be read.
    #[must_use]
    pub fn new() -> Self {
        Self {
            line_starts: vec![0],
            chunks: Vec::new(),
        }
    }

    /// [`StreamLayout::new`] with room for the line starts of a file of `len` bytes (lines of
    /// 24 bytes or more; zone lines are about 50). Capacity never written costs no memory,
    /// while growing by doubling would touch two copies of a 40 MB list at once.
    #[must_use]
    pub fn for_file(len: u64) -> Self {
        let mut layout = Self::new();
        layout
            .line_starts
            .reserve(usize::try_from(len / 24).unwrap_or(0));
        layout
    }

    /// Records the bytes `consumed` (entries read to their end) at offset `base`.
    pub fn consumed(&mut self, base: u32, consumed: &[u8]) {
        if consumed.is_empty() {
            return;
        }
        self.line_starts.extend(
            memchr::memchr_iter(b'\n', consumed).map(|i| base.saturating_add(offset_u32(i + 1))),
        );
        let end = base.saturating_add(offset_u32(consumed.len()));
        // A chunk must start at a line start (lookbacks stop at its start as at a file's);
        // if this one does not, it joins the one before.
        let at_line_start = base == 0 || self.line_starts.binary_search(&base).is_ok();
        match self.chunks.last_mut() {
            Some(last) if !at_line_start && last.1 == base => last.1 = end,
            _ => self.chunks.push((base, end)),
        }
    }
}

/// Length and modification time of a streamed file when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStamp {
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl DiskStamp {
    /// Reads the file again if it is unchanged; empty text otherwise (spans then point nowhere,
    /// and renderers fall back to positions without a snippet).
    fn reload(&self) -> Vec<u8> {
        if !self.unchanged() {
            return Vec::new();
        }
        std::fs::read(&self.path)
            .ok()
            .filter(|t| t.len() as u64 == self.len)
            .unwrap_or_default()
    }

    fn unchanged(&self) -> bool {
        std::fs::metadata(&self.path).is_ok_and(|m| self.stamps(&m))
    }

    /// Whether an open file has the length and modification time seen while reading.
    fn matches(&self, file: &std::fs::File) -> bool {
        file.metadata().is_ok_and(|m| self.stamps(&m))
    }

    fn stamps(&self, m: &std::fs::Metadata) -> bool {
        m.len() == self.len && m.modified().ok() == self.modified
    }

    /// Reads `start..end` again if the file is unchanged, into `buffer` (the memory of a chunk
    /// let go: a run reads chunks again about a thousand times on a 1M-record zone, and each
    /// fresh buffer was an allocation grown by `read_to_end` in eight doubling reads).
    fn reload_range(&self, start: u32, end: u32, mut buffer: Vec<u8>) -> Option<Arc<Vec<u8>>> {
        use std::io::{Read as _, Seek as _};
        if u64::from(end) > self.len {
            return None;
        }
        let mut file = std::fs::File::open(&self.path).ok()?;
        if !self.matches(&file) {
            return None;
        }
        file.seek(std::io::SeekFrom::Start(u64::from(start))).ok()?;
        // One `read` for the whole range. Only bytes beyond the buffer's old length are zeroed
        // first, and chunks are about the same size, so that is next to nothing.
        buffer.resize((end - start) as usize, 0);
        file.read_exact(&mut buffer).ok()?;
        // Checked again after reading: a file rewritten meanwhile must not be quoted.
        self.matches(&file).then(|| Arc::new(buffer))
    }
}

impl SourceFile {
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path as text (as [`Path::display`] shows it).
    #[must_use]
    pub fn path_text(&self) -> &str {
        self.path_text
            .get_or_init(|| self.path.display().to_string())
    }

    /// The file's bytes (read again from disk for a streamed file, once).
    #[must_use]
    pub fn text(&self) -> &[u8] {
        self.text.get_or_init(|| {
            Arc::new(
                self.on_disk
                    .as_ref()
                    .map(DiskStamp::reload)
                    .unwrap_or_default(),
            )
        })
    }

    /// Whether the whole text is in memory (always, but for a streamed file until something
    /// needed all of it).
    #[must_use]
    pub fn is_loaded(&self) -> bool {
        self.text.get().is_some()
    }

    /// The text around `start..end`, a [`Window`] whose byte 0 is at file offset `base`. For a
    /// streamed file, the chunk holding the range, read again alone (and kept while it is among
    /// the last few read); for other files, or a range across chunks, the whole text at base 0.
    /// The window starts at a line start.
    #[must_use]
    pub fn window(&self, start: u32, end: u32) -> Window {
        if let (Some(chunks), Some(stamp), None) =
            (self.chunks.get(), &self.on_disk, self.text.get())
        {
            let i = chunks.partition_point(|c| c.start <= start);
            if let Some((i, chunk)) = i.checked_sub(1).and_then(|i| Some((i, *chunks.get(i)?)))
                && end <= chunk.end
                && let Some(bytes) = self.chunk_bytes(stamp, i, chunk)
            {
                return Window::new(chunk.start, bytes);
            }
        }
        Window::new(0, self.shared_text())
    }

    /// Chunk `i`'s bytes, from the recent ones or read again (`None`: the file changed).
    fn chunk_bytes(&self, stamp: &DiskStamp, i: usize, chunk: Chunk) -> Option<Arc<Vec<u8>>> {
        // A poisoned lock only means another thread panicked while holding it: the cache is
        // still a list of whole entries.
        let mut recent = self
            .recent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, bytes)) = recent.iter().find(|(at, _)| *at == i) {
            return Some(Arc::clone(bytes));
        }
        // The chunk let go lends its memory, unless a window still holds it.
        let buffer = if recent.len() == RECENT_CHUNKS {
            recent
                .pop_front()
                .and_then(|(_, old)| Arc::try_unwrap(old).ok())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let bytes = stamp.reload_range(chunk.start, chunk.end, buffer)?;
        recent.push_back((i, Arc::clone(&bytes)));
        Some(bytes)
    }

    /// The bytes `start..end` (empty when out of the file), read as [`SourceFile::window`] does.
    #[must_use]
    pub fn bytes(&self, start: u32, end: u32) -> Window {
        self.window(start, end).narrowed(start, end)
    }

    /// Line `line` (zero-based) with its line end, read as [`SourceFile::window`] does.
    #[must_use]
    pub fn line(&self, line: usize) -> Window {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line) else {
            return Window::empty();
        };
        if let Some(&end) = starts.get(line + 1) {
            return self.bytes(start, end);
        }
        self.window(start, start).starting_at(start)
    }

    /// Whether the file is read in chunks rather than held in memory.
    #[must_use]
    pub fn is_streamed(&self) -> bool {
        self.on_disk.is_some()
    }

    /// For a streamed file, how to find it again.
    #[must_use]
    pub fn disk_stamp(&self) -> Option<&DiskStamp> {
        self.on_disk.as_ref()
    }

    /// Where this file was `$INCLUDE`d (the directive's path token), if it was.
    #[must_use]
    pub fn included_from(&self) -> Option<Span> {
        self.included_from
    }

    /// A shared handle on the bytes, for reading while the map grows.
    #[must_use]
    pub fn shared_text(&self) -> Arc<Vec<u8>> {
        let _ = self.text();
        self.text
            .get()
            .map_or_else(|| Arc::new(Vec::new()), Arc::clone)
    }

    /// Byte offsets at which each line starts (line 0 starts at 0).
    pub fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(memchr::memchr_iter(b'\n', self.text()).map(|i| offset_u32(i + 1)));
            starts
        })
    }

    /// Zero-based (line, column in bytes) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let found = self.line_col_from(self.line_hint.load(Ordering::Relaxed), offset);
        self.line_hint.store(found.0, Ordering::Relaxed);
        found
    }

    /// [`SourceFile::line_col`], searching forward from line `from` (a line at or before the
    /// offset's, else the whole file is searched): a step of one, two, four… lines, then a binary
    /// search inside the last step. Offsets that mostly increase (findings in position order)
    /// then cost a few reads of nearby lines each, where a binary search of ten million line
    /// starts missed the cache a dozen times.
    #[must_use]
    pub fn line_col_from(&self, from: usize, offset: u32) -> (usize, usize) {
        let starts = self.line_starts();
        let line = match starts.get(from) {
            Some(&start) if from > 0 && start <= offset => {
                let (mut low, mut step) = (from, 1);
                loop {
                    let high = (low + step).min(starts.len());
                    if high == starts.len() || starts[high] > offset {
                        break low + starts[low..high].partition_point(|&s| s <= offset) - 1;
                    }
                    low = high;
                    step *= 2;
                }
            }
            _ => starts.partition_point(|&s| s <= offset).saturating_sub(1),
        };
        (line, offset.saturating_sub(starts[line]) as usize)
    }
}

/// Offsets are stored as `u32`; the loader refuses files of 4 GiB or more, so this cannot lose
/// information for any file that was accepted.
#[must_use]
pub fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The largest file the reader accepts (offsets are `u32`).
pub const MAX_FILE_SIZE: u64 = u32::MAX as u64 - 1;

/// Every file of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file's bytes (already read) and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: Vec<u8>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let file = SourceFile {
            path: path.into(),
            text: OnceLock::from(Arc::new(text)),
            on_disk: None,
            line_starts: OnceLock::new(),
            line_hint: AtomicUsize::new(0),
            path_text: OnceLock::new(),
            included_from: None,
            chunks: OnceLock::new(),
            recent: Mutex::default(),
        };
        self.files.push(file);
        id
    }

    /// Adds a file that the reader streams from disk (its bytes are not kept).
    pub fn add_streamed(
        &mut self,
        path: impl Into<PathBuf>,
        stamp: DiskStamp,
        included_from: Option<Span>,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let file = SourceFile {
            path: path.into(),
            text: OnceLock::new(),
            on_disk: Some(stamp),
            line_starts: OnceLock::new(),
            line_hint: AtomicUsize::new(0),
            path_text: OnceLock::new(),
            included_from,
            chunks: OnceLock::new(),
            recent: Mutex::default(),
        };
        self.files.push(file);
        id
    }

    /// Adds a file read by the `$INCLUDE` whose path token is `site`.
    /// The bytes may be shared with other inclusions of the same file.
    pub fn add_included(
        &mut self,
        path: impl Into<PathBuf>,
        text: Arc<Vec<u8>>,
        site: Span,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let file = SourceFile {
            path: path.into(),
            text: OnceLock::from(text),
            on_disk: None,
            line_starts: OnceLock::new(),
            line_hint: AtomicUsize::new(0),
            path_text: OnceLock::new(),
            included_from: Some(site),
            chunks: OnceLock::new(),
            recent: Mutex::default(),
        };
        self.files.push(file);
        id
    }

    /// Moves the files of `later` after this map's, as if they had been added here in order;
    /// returns what their ids grew by. Spans inside them (where a file was included from) move
    /// with them.
    pub fn append(&mut self, later: SourceMap) -> u32 {
        let shift = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.extend(later.files.into_iter().map(|mut file| {
            if let Some(site) = &mut file.included_from {
                site.file.0 = site.file.0.saturating_add(shift);
            }
            file
        }));
        shift
    }

    /// The file with this id.
    ///
    /// # Panics
    /// Only if `id` did not come from this map, which is a programming error.
    #[must_use]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Keeps what the reader learnt of streamed file `id` read to its end: its line starts and
    /// chunks, so that positions and the text around a span need not read the whole file again.
    pub fn set_stream_layout(&mut self, id: FileId, layout: StreamLayout) {
        let Some(file) = self.files.get_mut(id.0 as usize) else {
            return;
        };
        if file.on_disk.is_none() {
            return;
        }
        let mut line_starts = layout.line_starts;
        line_starts.shrink_to_fit();
        let _ = file.line_starts.set(line_starts);
        let chunks = layout
            .chunks
            .into_iter()
            .map(|(start, end)| Chunk { start, end })
            .collect();
        let _ = file.chunks.set(chunks);
    }

    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The bytes a span covers.
    #[must_use]
    pub fn slice(&self, span: Span) -> Window {
        self.file(span.file).bytes(span.start, span.end)
    }

    /// The text a span covers, with invalid UTF-8 shown lossily.
    #[must_use]
    pub fn snippet(&self, span: Span) -> String {
        String::from_utf8_lossy(&self.slice(span)).into_owned()
    }

    /// `path:line:column` (1-based) of the start of a span.
    #[must_use]
    pub fn location(&self, span: Span) -> (String, usize, usize) {
        let (path, line, col) = self.place(span);
        (path.to_owned(), line, col)
    }

    /// [`SourceMap::location`] with the path borrowed: what a writer of many findings uses.
    #[must_use]
    pub fn place(&self, span: Span) -> (&str, usize, usize) {
        let file = self.file(span.file);
        let (line, col) = file.line_col(span.start);
        (file.path_text(), line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A streamed file of ten one-line chunks, as the reader leaves it.
    fn streamed(dir: &Path) -> (SourceMap, FileId, Vec<u8>) {
        let text: Vec<u8> = (0..10)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let path = dir.join("db.streamed");
        std::fs::write(&path, &text).expect("write");
        let meta = std::fs::metadata(&path).expect("metadata");
        let stamp = DiskStamp {
            path: path.clone(),
            len: meta.len(),
            modified: meta.modified().ok(),
        };
        let mut map = SourceMap::new();
        let id = map.add_streamed(path, stamp, None);
        let mut layout = StreamLayout::new();
        for (i, line) in text.chunks(7).enumerate() {
            layout.consumed(offset_u32(i * 7), line);
        }
        map.set_stream_layout(id, layout);
        (map, id, text)
    }

    #[test]
    fn chunks_read_again_are_right_and_only_the_recent_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (map, id, text) = streamed(dir.path());
        let file = map.file(id);
        // Twice over every line, so chunks are evicted and read again.
        for _ in 0..2 {
            for line in 0..10 {
                let start = offset_u32(line * 7);
                let bytes = file.bytes(start + 1, start + 6);
                assert_eq!(&*bytes, &text[line * 7 + 1..line * 7 + 6]);
                assert_eq!(bytes.base, start + 1);
                assert_eq!(&*file.line(line), &text[line * 7..line * 7 + 7]);
                let cached = file.recent.lock().expect("lock").len();
                assert!(cached <= RECENT_CHUNKS, "{cached} chunks kept");
            }
        }
        // A window outlives its chunk's eviction.
        let first = file.window(0, 3);
        for line in 1..10 {
            let _ = file.line(line);
        }
        assert_eq!(&*first, b"line 0\n");
        assert!(!file.is_loaded(), "never the whole file");
        // Out of the file, or across chunks.
        assert!(file.bytes(100, 120).is_empty());
        assert!(file.line(99).is_empty());
        assert_eq!(&*file.bytes(5, 9), &text[5..9]);
    }

    #[test]
    fn a_streamed_file_changed_since_reading_is_not_quoted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (map, id, text) = streamed(dir.path());
        let file = map.file(id);
        // Chunk 0 is read again and kept; chunks 1 and 2 then push it out, lending its buffer.
        assert_eq!(&*file.line(0), &text[..7]);
        let _ = (file.line(1), file.line(2));
        // Rewritten in place with the same length: only the modification time tells.
        let path = dir.path().join("db.streamed");
        let rewritten = text.to_ascii_uppercase();
        std::fs::write(&path, &rewritten).expect("rewrite");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(later))
            .expect("set mtime");
        assert!(file.line(3).is_empty(), "a changed file is not quoted");
        assert!(file.bytes(0, 3).is_empty(), "nor a chunk let go before");
        assert!(file.bytes(8, 10).is_empty());
    }

    #[test]
    fn line_search_from_any_hint_agrees_with_the_whole_search() {
        let mut map = SourceMap::new();
        let text: Vec<u8> = (0..300)
            .flat_map(|i| format!("{}\n", "x".repeat(i % 7)).into_bytes())
            .collect();
        let len = offset_u32(text.len());
        let id = map.add("a.zone", text);
        let file = map.file(id);
        let lines = file.line_starts().len();
        // Line 0 as the start is the plain binary search of every line start.
        for offset in 0..=len + 2 {
            let expected = file.line_col_from(0, offset);
            // The remembered line (what the previous call found) as the start, in any order.
            assert_eq!(file.line_col(offset), expected, "{offset}");
            assert_eq!(
                file.line_col((offset * 7919) % (len + 1)),
                file.line_col_from(0, (offset * 7919) % (len + 1))
            );
            for from in [0, 1, 2, 5, 100, 299, 300, lines - 1, lines, lines + 10] {
                assert_eq!(
                    file.line_col_from(from, offset),
                    expected,
                    "{offset} from {from}"
                );
            }
        }
    }

    #[test]
    fn locations_asked_in_any_order_are_each_right() {
        // Each file remembers the line it found last; asking out of order, across files,
        // still gives what a search of every line gives.
        let mut map = SourceMap::new();
        let a = map.add("a.zone", b"one\ntwo\nthree\nfour\n".to_vec());
        let b = map.add("b.zone", b"x\ny\n".to_vec());
        let spans = [
            (a, 0),
            (a, 5),
            (a, 9),
            (a, 9),
            (b, 2),
            (a, 15),
            (a, 4),
            (b, 0),
            (b, 3),
            (a, 18),
        ];
        for (file, at) in spans {
            let (line, col) = map.file(file).line_col_from(0, at);
            let path = if file == a { "a.zone" } else { "b.zone" };
            let span = Span::new(file, at, at);
            assert_eq!(
                map.place(span),
                (path, line + 1, col + 1),
                "{at} in {file:?}"
            );
            assert_eq!(map.location(span), (path.to_owned(), line + 1, col + 1));
        }
    }
}
