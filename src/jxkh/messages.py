"""Every problem the tool can report, and every message it prints, in Chinese and English.

`Code` is the stable catalogue: its values are the `code` of `--json` errors and what tests
assert on. `CATALOGUE` gives each code its severity and its templates; `TEXT` holds the
other user-facing strings. No Chinese message literal belongs anywhere else.

Template placeholders: `{value}` (the cell's content) and any keyword the reporter passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    # --- files and workbooks -------------------------------------------------------
    FILE_NOT_FOUND = "file-not-found"
    """The input file does not exist (exit 3)."""
    NO_INPUT = "no-input"
    """No file was named and the workspace's default file is not in the current folder (exit 2)."""
    PERMISSION_DENIED = "permission-denied"
    """The file system refused to read or write a path (exit 3)."""
    OUTPUT_LOCKED = "output-locked"
    """The output file is open in Excel/WPS or otherwise locked (exit 3)."""
    OUTPUT_DIR_MISSING = "output-dir-missing"
    """The folder of the output path does not exist (exit 3)."""
    DISK_FULL = "disk-full"
    """The disk ran out of space while writing (exit 3)."""
    OUTPUT_IS_INPUT = "output-is-input"
    """The output path names an input file; inputs are never overwritten (exit 2)."""
    OUTPUT_EXISTS = "output-exists"
    """`jxkh template`'s file already exists; it is replaced only with `--force` (exit 2).
    Computed outputs (`*.scored.xlsx`, `bonus.xlsx`) jxkh wrote are rewritten on every run."""
    FOLDER_NOT_EMPTY = "folder-not-empty"
    """`jxkh demo DIR`: DIR exists and holds files; they are never overwritten (exit 2)."""
    OUTPUT_NOT_OURS = "output-not-ours"
    """The output path names an existing file jxkh did not write (no 说明 sheet naming jxkh as
    生成工具): it may be someone's ballots, so it is never replaced without `--force` (exit 2)."""
    OUTPUT_IS_FOLDER = "output-is-folder"
    """The output path (`-o`) names a folder, not a file (exit 2)."""
    NAME_TOO_LONG = "name-too-long"
    """The output file name is longer than file systems (and Excel's lock file) allow (exit 2)."""
    COLUMNS_BEYOND_GRID = "columns-beyond-grid"
    """The input's columns reach so far right that the computed columns would pass Excel's
    last column, XFD (Excel and LibreOffice would drop them); nothing is written."""
    OUTPUT_NOT_XLSX = "output-not-xlsx"
    """The output path does not end in .xlsx; outputs are always .xlsx workbooks (exit 2)."""
    PRESET_UNKNOWN = "preset-unknown"
    """`jxkh init --preset NAME`: NAME is not one of the presets (exit 2)."""
    PRESET_WITH_POLICY = "preset-with-policy"
    """`jxkh init` was given both --preset and --policy; the policy comes from one of them (exit 2)."""
    NOT_JXKH_OUTPUT = "not-jxkh-output"
    """`jxkh diff`: the file is not a bonus.xlsx / *.scored.xlsx that jxkh wrote (no 说明 sheet naming jxkh, or no result sheet)."""
    OUTPUT_KINDS_DIFFER = "output-kinds-differ"
    """`jxkh diff`: the two files are outputs of different kinds (e.g. bonus.xlsx and ratings.scored.xlsx)."""
    EXPLAIN_WHO_MISSING = "explain-who-missing"
    """`jxkh explain`: neither a person (name or 工号), `--indicator N` nor `--all` was given (exit 2)."""
    EXPLAIN_PERSON_AND_INDICATOR = "explain-person-and-indicator"
    """`jxkh explain 张伟 --indicator 8`: one explanation at a time, a person's or an indicator row's."""
    EXPLAIN_NOT_FOUND = "explain-not-found"
    """`jxkh explain NAME`: nobody appraised has that name or 工号 (exit 2)."""
    EXPLAIN_AMBIGUOUS = "explain-ambiguous"
    """`jxkh explain NAME`: several people have that name; give the 工号 (exit 2)."""
    EXPLAIN_INDICATOR_NOT_FOUND = "explain-indicator-not-found"
    """`jxkh explain --indicator N`: no indicator row has that 序号 or name (exit 2)."""
    FORMAT_UNSUPPORTED = "format-unsupported"
    """The file's extension is not .xlsx/.xlsm/.xls/.ods/.csv."""
    NOT_A_WORKBOOK = "not-a-workbook"
    """The file's content is not a spreadsheet (e.g. a text file renamed .xlsx)."""
    WORKBOOK_CORRUPT = "workbook-corrupt"
    """The workbook is damaged or truncated and cannot be read."""
    WORKBOOK_ENCRYPTED = "workbook-encrypted"
    """The workbook is password-protected."""
    WORKBOOK_TOO_LARGE = "workbook-too-large"
    """The file, or what it unpacks to, exceeds `limits.*` (zip bombs land here)."""
    WORKBOOK_UNSAFE_XML = "workbook-unsafe-xml"
    """The workbook's XML declares entities or a DTD (XML bombs land here)."""
    CSV_ENCODING = "csv-encoding"
    """A CSV file is neither UTF-8 nor GBK."""
    MACROS_IGNORED = "macros-ignored"
    """Warning: the .xlsm's macros were not run."""
    HIDDEN_SHEET = "hidden-sheet"
    """Warning: a hidden sheet was read and counts."""
    HIDDEN_ROWS = "hidden-rows"
    """Warning: hidden rows were read and count."""
    HIDDEN_COLUMNS = "hidden-columns"
    """Warning: columns the command reads are hidden in Excel/WPS; they were read and count."""
    SHEET_MISSING = "sheet-missing"
    """The sheet the command needs is not in the workbook."""
    SHEET_NOT_READ = "sheet-not-read"
    """Warning: a sheet was not read; `{reason}` says why: a 说明 or 汇总 sheet (by its name), a
    roster or ballots sheet in an indicators workbook, no indicator, ballot or ledger header (a 台账
    sheet needs a 进度 column), another sheet named 测评…"""
    FILE_NOT_READ = "file-not-read"
    """Warning: a file in a folder of ballots was not read; `{reason}` says why: an output of jxkh (its
    说明 sheet says so), not a spreadsheet."""
    BALLOT_LAYOUT_UNSUPPORTED = "ballot-layout-unsupported"
    """The ballots are in a layout jxkh does not read (tick-box 优秀/称职 counts; one row per rater with
    the ratees as columns); the message names the layouts it reads."""
    SHEET_EMPTY = "sheet-empty"
    """The sheet has a header but no data rows (or nothing at all)."""
    HEADER_NOT_FOUND = "header-not-found"
    """No row in the first 20 holds the required column names."""
    HEADER_REPEATED = "header-repeated"
    """Warning: the header row appears again below; that row was skipped."""
    COLUMN_MISNAMED = "column-misnamed"
    """A needed column is missing and a header looks like it (完成等次情况 for 完成等次): rename it."""
    COLUMN_LOOKALIKE = "column-lookalike"
    """Warning: a column was not read, and its header looks like a field's (自评分值 for 自评得分)."""
    COLUMN_UNUSED = "column-unused"
    """Warning: a column jxkh does not use; it was not read and is kept as it is in the output."""
    SHEETS_COMBINED = "sheets-combined"
    """Warning (notice): several sheets with the same header (规定指标 / 自选指标 / 加分项) were read as one list."""
    TOTAL_ROWS = "total-rows"
    """Warning: rows whose label is 合计/总计/小计 (or Total) are totals, not data; they were not read."""
    FOOTER_ROWS = "footer-rows"
    """Warning: a 填表人/审核人/联系电话/制表/备注： row under the table ended the data; the rows from it on were not read."""
    INPUT_IS_OUTPUT = "input-is-output"
    """The input is a workbook jxkh wrote (its 说明 sheet says so); give the original input instead."""
    COLUMN_MISSING = "column-missing"
    """A required column is not in the header row."""
    COLUMN_DUPLICATE = "column-duplicate"
    """Two header cells name the same field."""
    MERGED_CELLS = "merged-cells"
    """Warning: merged cells in the data area; their value was filled into every cell."""
    FORMULA_WITHOUT_VALUE = "formula-without-value"
    """A formula cell has no saved result (file written by a program that does not calculate)."""
    FORMULA_ERROR = "formula-error"
    """A cell holds an error value (#DIV/0!, #N/A, #REF!…) instead of a result."""
    TEXT_TOO_LONG = "text-too-long"
    """A text longer than Excel's 32,767-character cell limit."""
    VALUE_REQUIRED = "value-required"
    """A required cell is blank."""
    NUMBER_INVALID = "number-invalid"
    """A cell that must hold a number holds something else."""
    NUMBER_NOT_FINITE = "number-not-finite"
    """A number is NaN or infinite, 10^15 or more (beyond Excel's 15 digits: a slip, not a figure), below 10^-30, or of more than 30 significant digits."""
    NUMBER_IS_DATE = "number-is-date"
    """A date or time where a number belongs (Excel auto-formatted the cell)."""
    NUMBER_IS_BOOL = "number-is-bool"
    """TRUE/FALSE where a number belongs."""
    YES_NO_INVALID = "yes-no-invalid"
    """A 是/否 column holds something else."""
    DUPLICATE_ID = "duplicate-id"
    """Two rows share one 序号 or 工号."""
    NAME_LOOKALIKE = "name-lookalike"
    """Two names differ only by invisible or full-/half-width characters."""

    # --- indicators ----------------------------------------------------------------
    CATEGORY_UNKNOWN = "category-unknown"
    """类别 is not 规定指标/自选指标/加分项/扣分项."""
    GRADE_UNKNOWN = "grade-unknown"
    """完成等次 is not one of the policy's grades."""
    GRADE_NEAR_MISS = "grade-near-miss"
    """完成等次 is not a grade but close to one (良 → 良好?)."""
    ASSESSED_PREFERRED = "assessed-preferred"
    """Warning (notice): both 考核/核定 and 自评 columns are present; the assessed values were scored."""
    SELF_ASSESSED_USED = "self-assessed-used"
    """Warning (notice): there is no 考核/核定 column; the 自评 columns were scored."""
    SELF_ASSESSED_FALLBACK = "self-assessed-fallback"
    """Warning: a row's 考核/核定 cells are blank; its 自评 values were scored."""
    PERCENT_IN_SCORE = "percent-in-score"
    """Warning: a percentage typed in 得分 (90%) was read as a 得分率."""
    NO_FAULT_COLUMN = "no-fault-column"
    """Warning: no 个人原因 column, so nobody was charged for points lost (no accountability)."""
    INDICATORS_NOT_FILLED = "indicators-not-filled"
    """Warning: the workspace's indicators.xlsx (beside the ballots) has no data rows yet, as `jxkh init`
    wrote it; appraise and bonus go on without accountability deductions."""
    GRADE_MISSING = "grade-missing"
    """A 规定/自选 indicator has no 完成等次."""
    POINTS_INVALID = "points-invalid"
    """分值 is zero or negative."""
    POINTS_TOTAL_MISMATCH = "points-total-mismatch"
    """规定 + 自选 points do not add up to `unit.total`."""
    SCORE_OUTSIDE_BAND = "score-outside-band"
    """得分/得分率 lies outside the band of its 完成等次."""
    SCORE_LOOKS_LIKE_RATIO = "score-looks-like-ratio"
    """得分 below 1 that is outside its band but fits it as a share: a 90% typed in a cell formatted as a percentage (Excel stores 0.9)."""
    SCORE_ABOVE_POINTS = "score-above-points"
    """得分 exceeds 分值 (or 得分率 exceeds 100%)."""
    SCORE_RATIO_MISMATCH = "score-ratio-mismatch"
    """得分 and 得分率 are both given and disagree."""
    BAND_DEFAULT_USED = "band-default-used"
    """Warning: a grade without 得分/得分率 was scored at `unit.band_default`."""
    BONUS_CAPPED = "bonus-capped"
    """Warning: 加分项 exceeded `unit.bonus_cap` and were capped."""
    PENALTY_CAPPED = "penalty-capped"
    """Warning: 扣分项 exceeded `unit.penalty_cap` and were capped."""
    FAULT_WITHOUT_OWNER = "fault-without-owner"
    """个人原因 is 是 but no 责任人 is named."""
    FAULT_WITHOUT_LOSS = "fault-without-loss"
    """Warning: 个人原因 is 是 but the indicator lost no points."""
    ACCOUNTABILITY_CAPPED = "accountability-capped"
    """Warning: a person's deductions reached `accountability.cap`."""

    # --- staff appraisal -----------------------------------------------------------
    DIMENSION_ABOVE_MAX = "dimension-above-max"
    """A ballot's dimension score exceeds the dimension's maximum."""
    DIMENSION_NEGATIVE = "dimension-negative"
    """A ballot's dimension score is negative."""
    BALLOT_BLANK = "ballot-blank"
    """Warning: a ballot with every dimension blank."""
    BALLOT_INCOMPLETE = "ballot-incomplete"
    """A ballot with some dimensions blank."""
    RATEE_NOT_ON_ROSTER = "ratee-not-on-roster"
    """A ratee on the ballots is not on the 人员 roster."""
    ROSTER_WITHOUT_BALLOTS = "roster-without-ballots"
    """Someone on the roster has no ballots."""
    RATEE_AMBIGUOUS = "ratee-ambiguous"
    """A ratee's name matches several people (same name, different 工号) and the ballot gives no 工号."""
    RATEE_DEPARTMENT_DIFFERS = "ratee-department-differs"
    """One ratee's ballots give two different 科室 (without a roster, two 张伟 of two 科室 and no 工号
    would be counted as one person): the ballots must agree, or 工号 tell the two apart."""
    RATEE_WITHOUT_VALID_BALLOTS = "ratee-without-valid-ballots"
    """Every ballot for a ratee is blank or was excluded, so there is no score to give."""
    RATER_GROUP_UNKNOWN = "rater-group-unknown"
    """测评人类别 is not a group of `staff.rater_weights`."""
    RATER_GROUP_FROM_NAME = "rater-group-from-name"
    """Warning (notice): with `staff.rater_weights`, a ballot sheet's 测评人类别 was taken from its
    sheet's or file's name (领导1, 同事3): it has no 测评人类别 column and no 测评人类别： line."""
    RATER_GROUP_ABSENT = "rater-group-absent"
    """Warning: a ratee has no ballots from a weighted group; the weights were re-normalised."""
    RATER_STRAIGHT_LINING = "rater-straight-lining"
    """Warning: a rater gave every ratee identical scores."""
    RATER_SELF_RATING = "rater-self-rating"
    """Warning: a rater rated themselves."""
    BALLOT_RATEE_REPEATED = "ballot-ratee-repeated"
    """One rater's form (a sheet or file per 票) names the same person twice: one is a misspelt other name."""
    RATER_DUPLICATE = "rater-duplicate"
    """Warning: the same rater rated the same person more than once."""
    VOTE_MARK_UNKNOWN = "vote-mark-unknown"
    """Tick-box ballots: a box holds something that is neither a tick (√ ✓ 1 是) nor empty."""
    VOTE_SPOILT = "vote-spoilt"
    """Warning: a tick-box ballot row has no tick or more than one; it is a spoilt ballot, not counted."""
    VALIDITY_NEEDS_RATER = "validity-needs-rater"
    """Warning: `[validity]` rules are set but the 测评 sheet has no 测评人 column to tell ballot papers apart; they were not applied."""
    BALLOT_OVER_TOP_CAP = "ballot-over-top-cap"
    """Warning (notice): a rater's paper gives more people the top grade's score than `validity.top_cap`; the paper is invalid."""
    BALLOT_ALL_FULL_MARKS = "ballot-all-full-marks"
    """Warning (notice): a rater's paper gives everyone full marks (`validity.full_marks`); the paper is invalid."""
    BALLOT_IDENTICAL = "ballot-identical"
    """Warning (notice): a rater's paper gives everyone the same scores (`validity.identical`); the paper is invalid."""
    BALLOT_SELF_EXCLUDED = "ballot-self-excluded"
    """Warning (notice): a rater's ballot for themselves is invalid (`validity.self_rating`)."""
    RESPONSIBLE_NOT_FOUND = "responsible-not-found"
    """An indicator's 责任人/责任领导 is not among the appraised staff."""
    RESPONSIBLE_AMBIGUOUS = "responsible-ambiguous"
    """An indicator's 责任人/责任领导 matches more than one staff member."""
    VIOLATION_VETO = "violation-veto"
    """Warning (notice): 违纪违法 made the person 不合格 whatever the score."""
    EXCELLENT_QUOTA_EXCEEDED = "excellent-quota-exceeded"
    """Warning: more people are 优秀 than `staff.excellent_quota` allows; the unit decides."""
    QUOTA_TIE = "quota-tie"
    """Warning: people tie at the 优秀 quota boundary."""
    GRADE_RULED = "grade-ruled"
    """Warning (notice): a roster rule (处分, 试用期, 病事假, 立案审查, 上年度考核等次) changed the grade; the heaviest is named."""
    SANCTION_UNKNOWN = "sanction-unknown"
    """处分/组织处理 names a measure that is not in `status.sanctions`."""
    SANCTION_NOT_THIS_YEAR = "sanction-not-this-year"
    """Warning (notice): a 处分 of another year (处分年度) does not act on this year's grade."""
    YEAR_UNKNOWN = "year-unknown"
    """处分年度 or 入职日期 is given but the appraisal year is not: set `status.year` (or a year in `title`)."""
    YEAR_INVALID = "year-invalid"
    """处分年度 is not a year."""
    DATE_INVALID = "date-invalid"
    """入职日期 is not a date."""
    LEAVE_MONTHS_OUT_OF_RANGE = "leave-months-out-of-range"
    """病事假月数 is outside 0–12."""
    QUOTA_ZERO = "quota-zero"
    """Warning: a pool's quota rounds down to no 优秀 place (4 people × 20% = 0.8 → 0)."""
    QUOTA_LEVEL_UNKNOWN = "quota-level-unknown"
    """Warning: `staff.quota_by_level` is set but the unit's level is not known (no indicators
    workbook) or not listed; `staff.excellent_quota` applies."""
    QUOTA_POOL_COLUMN_MISSING = "quota-pool-column-missing"
    """`staff.quota_pools` names a column the 人员 roster does not have."""
    QUOTA_APPLIED = "quota-applied"
    """Warning (notice): `quota = "apply"` gave a pool's 优秀 places by final score and lowered the others one grade."""
    QUOTA_CONFIRM_IGNORED = "quota-confirm-ignored"
    """Warning: the roster fills 优秀确认, but it only decides the 优秀 places with `staff.quota = "apply"` and a quota; it was not used."""
    QUOTA_TIE_UNDECIDED = "quota-tie-undecided"
    """`quota = "apply"`: people tie for the last 优秀 place(s) and 优秀确认 does not decide who takes them."""
    QUOTA_CONFIRM_EXCESS = "quota-confirm-excess"
    """`quota = "apply"`: 优秀确认 says 是 for more of the tied people than there are places."""
    MONTHS_OUT_OF_RANGE = "months-out-of-range"
    """在岗月数 is outside 0–12."""
    COEFFICIENT_NOT_POSITIVE = "coefficient-not-positive"
    """岗位系数 is zero or negative."""

    # --- bonus ---------------------------------------------------------------------
    POOL_MISSING = "pool-missing"
    """`jxkh bonus` was run without --pool (exit 2)."""
    POOL_INVALID = "pool-invalid"
    """--pool is zero, negative or not a number."""
    POOL_TOO_SMALL = "pool-too-small"
    """The pool is smaller than one `bonus.unit` per person."""
    POOL_NOT_IN_UNITS = "pool-not-in-units"
    """The pool is not a whole number of `bonus.unit`s (50000.005 with unit 0.01)."""
    NO_RECIPIENTS = "no-recipients"
    """Warning: nobody is in any `award_to` grade; the deducted money went back ∝ base."""
    NO_BASE = "no-base"
    """Everyone's base is zero (all 在岗月数 0), so nothing can be split."""

    # --- the year: duty, ledger, report ----------------------------------------------
    OUTPUT_NOT_DOCX = "output-not-docx"
    """`jxkh report`'s output path does not end in .docx (exit 2)."""
    DUTY_MISSING = "duty-missing"
    """`jxkh duty`: a 规定/自选 indicator has no 责任科室, 责任人 or 责任领导 (附件1 四(1))."""
    DUTY_ROSTER_UNCHECKED = "duty-roster-unchecked"
    """`jxkh duty` found no roster (no --roster, no filled-in 人员 sheet in ratings.xlsx): names were not checked."""
    DUTY_NOT_ON_ROSTER = "duty-not-on-roster"
    """`jxkh duty` with a roster: a 责任人/责任领导 is not on the 人员 sheet."""
    DEADLINE_INVALID = "deadline-invalid"
    """完成时限 is not a month of the year (write 6月, 2015年6月30日, 上半年 or 年底)."""
    MONTH_INVALID = "month-invalid"
    """A 台账 row's 月份 (or `--month`) is not a month 1–12."""
    MONTH_MISSING = "month-missing"
    """A 台账 sheet has no 月份 column and its name is not a month (such as 6月)."""
    PROGRESS_INVALID = "progress-invalid"
    """进度（%） is below 0 or above 100%."""
    LEDGER_INDICATOR_UNKNOWN = "ledger-indicator-unknown"
    """A 台账 or 核定 row names an indicator (序号/指标) that is not in the indicators workbook."""
    LEDGER_INDICATOR_MISMATCH = "ledger-indicator-mismatch"
    """A row's 序号 and 指标名称 name two different indicators of the indicators workbook."""
    LEDGER_INDICATOR_AMBIGUOUS = "ledger-indicator-ambiguous"
    """A 台账 or 核定 row's 序号 (or name) fits several indicators (规定指标 and 自选指标 both numbered from 1) and nothing on the row tells which."""
    LEDGER_ENTRY_REPEATED = "ledger-entry-repeated"
    """The 台账 has two rows for one indicator in one month."""
    ASSESSED_MISSING = "assessed-missing"
    """Warning: an indicator is not in the city office's returned sheet, so it is not compared."""

    # --- printing ------------------------------------------------------------------
    PDF_UNAVAILABLE = "pdf-unavailable"
    """`--pdf`: LibreOffice is not installed; the .xlsx was written, the PDF was not (exit 3)."""
    PDF_FAILED = "pdf-failed"
    """`--pdf`: LibreOffice ran but wrote no PDF (timeout or crash); the .xlsx was written (exit 3)."""
    UNIT_UNNAMED = "unit-unnamed"
    """Warning: the policy names no unit (`[notice] unit`), so titles and the 落款 say 本单位."""
    # --- policy --------------------------------------------------------------------
    POLICY_SYNTAX = "policy-syntax"
    """jxkh.toml is not valid TOML."""
    POLICY_INVALID = "policy-invalid"
    """A policy value is wrong; the message names its TOML key."""
    ARGUMENT_INVALID = "argument-invalid"
    """A Python caller passed the wrong kind of value to a library function (exit 2)."""
    POLICY_ENCODING = "policy-encoding"
    """jxkh.toml is not saved as UTF-8 (or GBK): e.g. UTF-16, what Notepad calls "Unicode"."""


@dataclass(frozen=True)
class Entry:
    severity: str  # "error" | "warning"
    zh: str
    en: str


E, W = "error", "warning"

CATALOGUE: dict[Code, Entry] = {
    Code.FILE_NOT_FOUND: Entry(E, "找不到文件“{value}”，请检查路径", "file “{value}” not found; check the path"),
    Code.NO_INPUT: Entry(E, "未指定文件，当前目录也没有 {value}；请给出文件路径或先运行 jxkh init", "no file given and no {value} here; give a path or run jxkh init first"),
    Code.PERMISSION_DENIED: Entry(E, "没有权限访问“{value}”，请检查文件权限或换一个位置", "permission denied for “{value}”; check its permissions or use another location"),
    Code.OUTPUT_LOCKED: Entry(E, "输出文件“{value}”被其他程序占用（可能在 Excel/WPS 中打开），请关闭后重试", "output “{value}” is locked (open in Excel/WPS?); close it and retry"),
    Code.OUTPUT_DIR_MISSING: Entry(E, "输出目录“{value}”不存在，请先创建或用 -o 指定其他位置", "output folder “{value}” does not exist; create it or choose another with -o"),
    Code.DISK_FULL: Entry(E, "写入“{value}”时磁盘空间不足，请清理磁盘后重试", "disk full while writing “{value}”; free some space and retry"),
    Code.OUTPUT_IS_INPUT: Entry(E, "输出文件“{value}”就是输入文件，不会覆盖输入，请用 -o 指定其他文件名", "output “{value}” is an input file; inputs are never overwritten, choose another name with -o"),
    Code.FOLDER_NOT_EMPTY: Entry(E, "文件夹“{value}”已存在且不为空，为免覆盖其中的文件，请换一个文件夹名，如 jxkh demo 新文件夹", "folder “{value}” exists and is not empty; to keep its files, name another folder, e.g. jxkh demo new-folder"),
    Code.OUTPUT_EXISTS: Entry(E, "文件“{value}”已存在，未覆盖；请用 -o 换一个文件名，确需覆盖时加 --force", "“{value}” already exists and was not overwritten; choose another name with -o, or add --force to replace it"),
    Code.OUTPUT_NOT_OURS: Entry(E, "“{value}”已存在，且不是 jxkh 生成的文件（没有注明 jxkh 的“说明”工作表），为免覆盖他人的数据未写入；请用 -o 换一个文件名，确需覆盖时加 --force", "“{value}” exists and was not written by jxkh (no 说明 sheet naming jxkh), so it was not overwritten; choose another name with -o, or add --force to replace it"),
    Code.OUTPUT_IS_FOLDER: Entry(E, "输出“{value}”是一个文件夹，不是文件，请用 -o 给出文件名，如 -o {value}/结果.xlsx", "output “{value}” is a folder, not a file; give a file name with -o, e.g. -o {value}/result.xlsx"),
    Code.NAME_TOO_LONG: Entry(E, "文件名“{value}”过长（最多 {limit} 字节，一个汉字占 3 字节），请用 -o 换一个短一些的文件名", "file name “{value}” is too long (at most {limit} bytes); choose a shorter one with -o"),
    Code.COLUMNS_BEYOND_GRID: Entry(E, "表格一直用到第 {value} 列，输出时还要在右侧加 {count} 列计算结果，会超过 Excel 的最后一列 XFD；请删除 {last} 列右侧不用的列后再试", "the sheet uses columns up to {value}; the {count} computed columns added on its right would pass Excel's last column, XFD; delete the unused columns right of {last} and retry"),
    Code.OUTPUT_NOT_XLSX: Entry(E, "输出文件“{value}”应以 .xlsx 结尾（输出总是 Excel 工作簿），请改用如 -o 结果.xlsx", "output “{value}” must end in .xlsx (outputs are always Excel workbooks), e.g. -o result.xlsx"),
    Code.PRESET_UNKNOWN: Entry(E, "没有名为“{value}”的预设，可选：{expected}（或 {aliases}）", "no preset named “{value}”; the presets are: {aliases} (or {expected})"),
    Code.PRESET_WITH_POLICY: Entry(E, "--preset {value} 与 --policy 只能选一个：政策文件取自其中之一", "give --preset {value} or --policy, not both: the policy comes from one of them"),
    Code.NOT_JXKH_OUTPUT: Entry(E, "这不是 jxkh 生成的结果文件：缺少工作表“{value}”；请比较 jxkh 生成的 bonus.xlsx、ratings.scored.xlsx 或 indicators.scored.xlsx", "this is not an output jxkh wrote: sheet “{value}” is missing; compare the bonus.xlsx, ratings.scored.xlsx or indicators.scored.xlsx that jxkh wrote"),
    Code.OUTPUT_KINDS_DIFFER: Entry(E, "“{value}”是{kind}，而“{other}”是{other_kind}；只能比较同一种结果文件", "“{value}” is a {kind} but “{other}” is a {other_kind}; only two outputs of one kind can be compared"),
    Code.FORMAT_UNSUPPORTED: Entry(E, "不支持的文件类型“{value}”，请另存为 .xlsx、.xls、.ods 或 .csv", "unsupported file type “{value}”; save as .xlsx, .xls, .ods or .csv"),
    Code.NOT_A_WORKBOOK: Entry(E, "文件内容不是电子表格（{detail}），请在 Excel/WPS 中打开并另存为 .xlsx", "the file is not a spreadsheet ({detail}); open it in Excel/WPS and save as .xlsx"),
    Code.WORKBOOK_CORRUPT: Entry(E, "工作簿已损坏或不完整（{detail}），请重新获取文件或在 Excel/WPS 中修复后另存", "the workbook is damaged or incomplete ({detail}); get the file again or repair and re-save it in Excel/WPS"),
    Code.WORKBOOK_ENCRYPTED: Entry(E, "工作簿设置了打开密码，请在 Excel/WPS 中取消密码后另存", "the workbook is password-protected; remove the password in Excel/WPS and save again"),
    Code.WORKBOOK_TOO_LARGE: Entry(E, "文件过大：{detail}，超过上限 {limit}（可在 jxkh.toml 的 [limits] 中调整）", "file too large: {detail}, over the limit of {limit} (see [limits] in jxkh.toml)"),
    Code.WORKBOOK_UNSAFE_XML: Entry(E, "工作簿含有不安全的 XML 声明（{detail}），已拒绝读取；请在 Excel/WPS 中另存为新文件", "the workbook contains unsafe XML declarations ({detail}) and was refused; re-save it in Excel/WPS"),
    Code.CSV_ENCODING: Entry(E, "CSV 文件编码无法识别（不是 UTF-8 或 GBK），请另存为“CSV UTF-8”", "CSV encoding not recognised (neither UTF-8 nor GBK); save as “CSV UTF-8”"),
    Code.MACROS_IGNORED: Entry(W, "工作簿中的宏未被执行，只读取了单元格的值", "the workbook's macros were not run; only cell values were read"),
    Code.HIDDEN_SHEET: Entry(W, "工作表“{value}”是隐藏的，其数据仍参与计算", "sheet “{value}” is hidden; its data still counts"),
    Code.HIDDEN_ROWS: Entry(W, "第 {value} 行是隐藏行，仍参与计算", "row(s) {value} are hidden; they still count"),
    Code.HIDDEN_COLUMNS: Entry(W, "第 {value} 列是隐藏列，仍参与计算", "column(s) {value} are hidden; they still count"),
    Code.SHEET_MISSING: Entry(E, "找不到工作表“{value}”，现有工作表：{found}", "sheet “{value}” not found; the workbook has: {found}"),
    Code.SHEET_NOT_READ: Entry(W, "工作表“{value}”未读取：{reason}", "sheet “{value}” was not read: {reason}"),
    Code.FILE_NOT_READ: Entry(W, "文件“{value}”未读取：{reason}", "file “{value}” was not read: {reason}"),
    Code.BALLOT_LAYOUT_UNSUPPORTED: Entry(E, "测评票是{layout}，无法读取；jxkh 读取三种格式：每行一张票（被测评人、德 能 勤 绩 廉 各一列）、每位测评人一张工作表、每位测评人一个文件的文件夹。运行 jxkh template ratings 可生成空白模板", "the ballots are {layout}, which jxkh cannot read; it reads three layouts: one row per ballot (ratee, one column per dimension), one sheet per rater, a folder of one file per rater. Run jxkh template ratings for a blank template"),
    Code.SHEET_EMPTY: Entry(E, "工作表没有数据行，请填写后再试", "the sheet has no data rows; fill it in and retry"),
    Code.HEADER_NOT_FOUND: Entry(E, "前 20 行中找不到表头（应包含：{expected}），请检查列名", "no header row in the first 20 rows (expected: {expected}); check the column names"),
    Code.HEADER_REPEATED: Entry(W, "表头在此行重复出现，已跳过该行", "the header row is repeated here; the row was skipped"),
    Code.COLUMN_MISNAMED: Entry(E, "缺少必填列“{field}”；表头“{value}”像是该列，请把它改为“{field}”", "required column “{field}” is missing; the header “{value}” looks like it: rename it to “{field}”"),
    Code.COLUMN_LOOKALIKE: Entry(W, "列“{value}”未能识别，未读取；如果它是“{field}”，请把表头改为“{field}”", "column “{value}” was not recognised and not read; if it is “{field}”, rename the header to “{field}”"),
    Code.COLUMN_UNUSED: Entry(W, "列“{value}”不是本工具使用的列，未读取，原样保留在输出中", "column “{value}” is not one jxkh uses; it was not read and is kept as it is in the output"),
    Code.SHEETS_COMBINED: Entry(W, "工作表 {value} 的表头相同，已合并为一张指标表读取", "sheets {value} share one header and were read as one list of indicators"),
    Code.TOTAL_ROWS: Entry(W, "“{value}”等 {count} 行是合计行（第 {rows} 行），不是数据，未读取", "{count} total row(s) such as “{value}” (rows {rows}) are not data and were not read"),
    Code.FOOTER_ROWS: Entry(W, "表格下方的“{value}”等 {count} 行（第 {rows} 行）不是数据，未读取", "the {count} row(s) from “{value}” under the table (rows {rows}) are not data and were not read"),
    Code.INPUT_IS_OUTPUT: Entry(E, "这是 jxkh 生成的结果文件（由“{original}”生成），不能作为输入；请改用原始文件“{original}”", "this is a workbook jxkh wrote (from “{original}”), not an input; use the original “{original}” instead"),
    Code.COLUMN_MISSING: Entry(E, "缺少必填列“{value}”，请在表头行中添加该列", "required column “{value}” is missing; add it to the header row"),
    Code.COLUMN_DUPLICATE: Entry(E, "列“{value}”与 {other} 重复，请删除或重命名其中一列", "column “{value}” duplicates {other}; remove or rename one"),
    Code.MERGED_CELLS: Entry(W, "数据区有合并单元格 {value}，已把其值填入合并范围内的每一格", "merged cells {value} in the data area; their value was used for every cell in the range"),
    Code.FORMULA_WITHOUT_VALUE: Entry(E, "公式没有保存计算结果，请在 Excel/WPS 中打开该文件并保存后再试", "the formula has no saved result; open the file in Excel/WPS, save it, and retry"),
    Code.FORMULA_ERROR: Entry(E, "单元格是错误值“{value}”，请在 Excel/WPS 中修正公式或直接填写数值后保存", "the cell holds the error value “{value}”; fix the formula or type the value in Excel/WPS and save"),
    Code.TEXT_TOO_LONG: Entry(E, "文字长度 {length} 超过 Excel 单元格上限 32767 字，请缩短", "text of {length} characters exceeds Excel's 32,767-character cell limit; shorten it"),
    Code.VALUE_REQUIRED: Entry(E, "“{column}”不能为空", "“{column}” must not be blank"),
    Code.NUMBER_INVALID: Entry(E, "“{column}”应为数字，实际为“{value}”", "“{column}” must be a number, found “{value}”"),
    Code.NUMBER_NOT_FINITE: Entry(E, "“{column}”的值“{value}”不是有效数字", "“{column}” value “{value}” is not a finite number"),
    Code.NUMBER_IS_DATE: Entry(E, "“{column}”应为数字，实际为日期/时间“{value}”，请把单元格格式改为“常规”或“数值”后重新输入", "“{column}” must be a number, found the date/time “{value}”; set the cell format to General or Number and retype it"),
    Code.NUMBER_IS_BOOL: Entry(E, "“{column}”应为数字，实际为逻辑值“{value}”", "“{column}” must be a number, found the boolean “{value}”"),
    Code.YES_NO_INVALID: Entry(E, "“{column}”应为 是 或 否，实际为“{value}”", "“{column}” must be 是 or 否 (yes/no), found “{value}”"),
    Code.DUPLICATE_ID: Entry(E, "“{column}”“{value}”与第 {other} 行重复，请改为唯一值", "“{column}” “{value}” duplicates row {other}; make it unique"),
    Code.NAME_LOOKALIKE: Entry(E, "姓名“{value}”与第 {other} 行的“{twin}”只差空格、全角/半角或不可见字符，请统一写法", "name “{value}” differs from “{twin}” in row {other} only by spaces, full/half width or invisible characters; write them the same"),
    Code.CATEGORY_UNKNOWN: Entry(E, "类别“{value}”无法识别，应为 {expected}", "category “{value}” not recognised; expected {expected}"),
    Code.GRADE_UNKNOWN: Entry(E, "完成等次“{value}”无法识别，应为 {expected}", "completion grade “{value}” not recognised; expected {expected}"),
    Code.GRADE_NEAR_MISS: Entry(E, "完成等次“{value}”无法识别，是否应为“{suggestion}”？（应为 {expected}）", "completion grade “{value}” not recognised; did you mean “{suggestion}”? (expected {expected})"),
    Code.ASSESSED_PREFERRED: Entry(W, "表中同时有考核列（{assessed}）和自评列（{own}），按考核列计分；自评值保留在输出中", "the sheet has both assessed ({assessed}) and self-assessed ({own}) columns; the assessed ones were scored, the self-assessed kept in the output"),
    Code.SELF_ASSESSED_USED: Entry(W, "表中没有考核（核定）列，按自评列计分：{mapping}", "no assessed (考核/核定) column; the self-assessed columns were scored: {mapping}"),
    Code.SELF_ASSESSED_FALLBACK: Entry(W, "第 {value} 行的考核（核定）值为空，按自评值计分", "row(s) {value} have no assessed value; their self-assessed values were scored"),
    Code.PERCENT_IN_SCORE: Entry(W, "得分“{value}”是百分数，已按得分率 {ratio} 计为 {score} 分；百分数请填在“得分率”列", "score “{value}” is a percentage; read as the ratio {ratio} = {score} points (percentages belong in 得分率)"),
    Code.NO_FAULT_COLUMN: Entry(W, "指标表没有“个人原因”列，未追究任何人的责任；需要责任追究时请添加该列并填写 是/否", "the indicators sheet has no 个人原因 column, so nobody was charged; add it (是/否) to apply accountability"),
    Code.INDICATORS_NOT_FILLED: Entry(W, "指标表尚未填写（没有数据行），本次未计入责任扣分；年底填写完成等次和个人原因后再运行", "the indicators workbook is not filled in yet (no data rows): no accountability deductions this time"),
    Code.GRADE_MISSING: Entry(E, "{category}必须填写完成等次（{expected}）", "a {category} indicator needs a completion grade ({expected})"),
    Code.POINTS_INVALID: Entry(E, "分值“{value}”应为大于 0 的数字", "points “{value}” must be a number above 0"),
    Code.POINTS_TOTAL_MISMATCH: Entry(E, "规定指标与自选指标分值合计为 {value} 分（规定指标 {mandated} 分 + 自选指标 {chosen} 分），应为 {expected} 分（相差 {diff} 分），请核对分值{note}", "规定 + 自选 points add up to {value} (规定 {mandated} + 自选 {chosen}), expected {expected} (off by {diff}); check the points{note}"),
    Code.SCORE_OUTSIDE_BAND: Entry(E, "{column}“{value}”（得分率 {ratio}）与“{grade}”不符：{expected}（{band}），请核对得分或完成等次", "{column} “{value}” (ratio {ratio}) does not fit “{grade}”: {expected} ({band}); check the score or the grade"),
    Code.SCORE_LOOKS_LIKE_RATIO: Entry(E, "得分“{value}”像是得分率 {ratio}（百分比格式的单元格存为小数）；得分率请填在“得分率”列，或把得分改为 {score} 分", "score “{value}” looks like the ratio {ratio} (a percentage-formatted cell stores a fraction); put it in 得分率, or type the score {score}"),
    Code.SCORE_ABOVE_POINTS: Entry(E, "得分“{value}”超过分值 {points}", "score “{value}” exceeds the points {points}"),
    Code.SCORE_RATIO_MISMATCH: Entry(E, "得分 {value} 与得分率 {ratio} 不一致（分值 {points}），请只填一项或改为一致", "score {value} and ratio {ratio} disagree (points {points}); fill in one of them or make them agree"),
    Code.BAND_DEFAULT_USED: Entry(W, "“{grade}”未填得分或得分率，按默认比例 {fraction} 计 {score} 分", "“{grade}” has no score or ratio; scored at the default fraction {fraction} = {score}"),
    Code.BONUS_CAPPED: Entry(W, "加分项合计 {value} 分超过上限 {limit} 分，按 {limit} 分计", "bonus items add up to {value}, over the cap of {limit}; {limit} counted"),
    Code.PENALTY_CAPPED: Entry(W, "扣分项合计 {value} 分超过上限 {limit} 分，按 {limit} 分计", "penalty items add up to {value}, over the cap of {limit}; {limit} counted"),
    Code.FAULT_WITHOUT_OWNER: Entry(E, "个人原因为“是”但未填写责任人，请填写责任人", "个人原因 is 是 but no 责任人 is named; name the responsible person"),
    Code.FAULT_WITHOUT_LOSS: Entry(W, "个人原因为“是”但该指标没有失分，不追究责任", "个人原因 is 是 but the indicator lost no points; no deduction"),
    Code.ACCOUNTABILITY_CAPPED: Entry(W, "{value} 的责任扣分合计 {total} 分超过上限 {limit} 分，按 {limit} 分计", "{value}'s deductions add up to {total}, over the cap of {limit}; {limit} counted"),
    Code.DIMENSION_ABOVE_MAX: Entry(E, "“{column}”得分“{value}”超过满分 {limit} 分", "“{column}” score “{value}” exceeds its maximum {limit}"),
    Code.DIMENSION_NEGATIVE: Entry(E, "“{column}”得分“{value}”不能为负数", "“{column}” score “{value}” must not be negative"),
    Code.BALLOT_BLANK: Entry(W, "该测评票各项均为空，{action}", "every dimension of this ballot is blank; {action}"),
    Code.BALLOT_INCOMPLETE: Entry(E, "该测评票“{column}”为空，其他项已填写；请补全或整行删除", "this ballot's “{column}” is blank while others are filled in; complete it or delete the row"),
    Code.RATEE_NOT_ON_ROSTER: Entry(E, "被测评人“{value}”不在“人员”表中{hint}，请核对姓名/工号或补充到人员表", "ratee “{value}” is not on the 人员 roster{hint}; check the name/id or add them to the roster"),
    Code.ROSTER_WITHOUT_BALLOTS: Entry(E, "人员表中的“{value}”没有测评票，请补充测评票或从人员表中删除", "“{value}” is on the roster but has no ballots; add ballots or remove them from the roster"),
    Code.RATEE_AMBIGUOUS: Entry(E, "被测评人“{value}”对应多名人员（{matches}），请在测评表中填写工号加以区分", "ratee “{value}” matches several people ({matches}); give the 工号 on the ballots to tell them apart"),
    Code.RATEE_DEPARTMENT_DIFFERS: Entry(E, "被测评人“{name}”的科室在此为“{value}”，在 {other} 为“{expected}”：同名的两人请填写工号加以区分，同一人请统一科室", "ratee “{name}” is in 科室 “{value}” here but “{expected}” at {other}: give 工号 to tell two people of one name apart, or make the 科室 agree"),
    Code.RATEE_WITHOUT_VALID_BALLOTS: Entry(E, "“{value}”的 {count} 张测评票均为空白或已剔除，没有可计分的测评票", "all {count} ballots for “{value}” are blank or were excluded; there is nothing to score"),
    Code.RATER_GROUP_UNKNOWN: Entry(E, "测评人类别“{value}”不在政策的权重设置中（{expected}）", "rater group “{value}” is not in the policy's rater weights ({expected})"),
    Code.RATER_GROUP_FROM_NAME: Entry(W, "{count} 张测评票的测评人类别取自工作表或文件的名称（{value}）：表中没有“测评人类别”列，表头上方也没有“测评人类别：”行；如不对，请在表头上方写明“测评人类别：…”", "the 测评人类别 of {count} ballot form(s) was taken from the sheet's or file's name ({value}): no 测评人类别 column and no “测评人类别：” line above the header; if that is wrong, write “测评人类别：…” above the header"),
    Code.RATER_GROUP_ABSENT: Entry(W, "{value} 没有“{group}”类别的测评票，权重已按其余类别重新归一", "{value} has no ballots from “{group}”; the remaining groups' weights were re-normalised"),
    Code.RATER_STRAIGHT_LINING: Entry(W, "测评人“{value}”给所有 {count} 名被测评人打了完全相同的分数，{action}", "rater “{value}” gave all {count} ratees identical scores; {action}"),
    Code.RATER_SELF_RATING: Entry(W, "测评人“{value}”给自己打分，{action}", "rater “{value}” rated themselves; {action}"),
    Code.BALLOT_RATEE_REPEATED: Entry(E, "“{value}”在这张测评票上出现两次（另见 {other}），一张票对每人只评一次；请核对姓名{missing}", "“{value}” appears twice on this ballot form (see also {other}); a form rates each person once: check the names{missing}"),
    Code.RATER_DUPLICATE: Entry(W, "测评人“{value}”对“{ratee}”重复打分（另见第 {other} 行），{action}", "rater “{value}” rated “{ratee}” more than once (see also row {other}); {action}"),
    Code.VOTE_MARK_UNKNOWN: Entry(E, "“{column}”栏的“{value}”无法识别，打勾请填 √ 或 1，不选请留空", "“{value}” in the “{column}” box is not recognised; tick with √ or 1, leave the others blank"),
    Code.VOTE_SPOILT: Entry(W, "对“{value}”的这张票勾选了 {count} 项（{ticks}），应只勾一项，按废票处理、不计入", "this ballot for “{value}” ticks {count} boxes ({ticks}) instead of one; it is spoilt and not counted"),
    Code.VALIDITY_NEEDS_RATER: Entry(W, "政策设置了测评票有效性规则（[validity]），但测评表没有“测评人”列，无法区分每张票，规则未执行", "[validity] rules are set but the ballots have no 测评人 column to tell the papers apart; the rules were not applied"),
    Code.BALLOT_OVER_TOP_CAP: Entry(W, "测评人“{value}”给 {count} 人打了 {cutoff} 分以上，超过每票 {cap} 人的上限，该票无效（validity.top_cap）", "rater “{value}” gave {count} people {cutoff} or more, over the cap of {cap} per paper; the paper is invalid (validity.top_cap)"),
    Code.BALLOT_ALL_FULL_MARKS: Entry(W, "测评人“{value}”给全部 {count} 人打了满分，该票无效（validity.full_marks）", "rater “{value}” gave all {count} people full marks; the paper is invalid (validity.full_marks)"),
    Code.BALLOT_IDENTICAL: Entry(W, "测评人“{value}”给全部 {count} 人打了完全相同的分数，该票无效（validity.identical）", "rater “{value}” gave all {count} people identical scores; the paper is invalid (validity.identical)"),
    Code.BALLOT_SELF_EXCLUDED: Entry(W, "测评人“{value}”给自己打分，该票无效（validity.self_rating）", "rater “{value}” rated themselves; the ballot is invalid (validity.self_rating)"),
    Code.RESPONSIBLE_NOT_FOUND: Entry(E, "指标“{indicator}”的{role}“{value}”不在测评人员中{hint}，请核对姓名", "the {role} “{value}” of indicator “{indicator}” is not among the appraised staff{hint}; check the name"),
    Code.RESPONSIBLE_AMBIGUOUS: Entry(E, "指标“{indicator}”的{role}“{value}”对应多名人员（{matches}），请在人员表中用工号区分", "the {role} “{value}” of indicator “{indicator}” matches several people ({matches}); distinguish them by 工号 on the roster"),
    Code.VIOLATION_VETO: Entry(W, "{value}有违纪违法记录，按规定评为不合格（测评得分 {score}）", "{value} has a law/discipline violation and is 不合格 whatever the score ({score})"),
    Code.EXCELLENT_QUOTA_EXCEEDED: Entry(W, "{pool}优秀 {count} 人，超过比例上限 {quota}（最多 {allowed} 人）；超出名单：{names}，请单位研究决定", "{pool}{count} people are 优秀, over the quota {quota} (at most {allowed}); over the quota: {names}; the unit decides"),
    Code.QUOTA_TIE: Entry(W, "{pool}优秀名额边界出现同分（{score} 分）：{names}，请单位研究决定", "{pool}a tie at the 优秀 quota boundary ({score}): {names}; the unit decides"),
    Code.GRADE_RULED: Entry(W, "{value}：{rule}，评为{grade}（按得分 {score} 为{score_grade}；同时适用：{others}）", "{value}: {rule}, so {grade} (the score {score} gives {score_grade}; also applying: {others})"),
    Code.SANCTION_UNKNOWN: Entry(E, "处分/组织处理“{value}”无法识别，应为 {expected}（或在 jxkh.toml 的 [status.sanctions] 中添加）", "sanction “{value}” not recognised; expected {expected} (or add it to [status.sanctions] in jxkh.toml)"),
    Code.SANCTION_NOT_THIS_YEAR: Entry(W, "{value}的{measure}（{since}年度，影响 {years} 年）不影响 {year} 年度的等次", "{value}'s {measure} ({since}, acting for {years} year(s)) does not act on {year}"),
    Code.YEAR_UNKNOWN: Entry(E, "{value}填写了“{column}”，但不知道考核年度：请在 jxkh.toml 的 [status] 中设置 year = 2015 这样的年度", "{value} has a “{column}” but the appraisal year is unknown: set year = 2015 (e.g.) under [status] in jxkh.toml"),
    Code.YEAR_INVALID: Entry(E, "“{column}”应为年度（如 2015），实际为“{value}”", "“{column}” must be a year (e.g. 2015), found “{value}”"),
    Code.DATE_INVALID: Entry(E, "“{column}”应为日期（如 2015-07-01），实际为“{value}”", "“{column}” must be a date (e.g. 2015-07-01), found “{value}”"),
    Code.LEAVE_MONTHS_OUT_OF_RANGE: Entry(E, "“{column}”“{value}”应在 0–12 之间", "“{column}” “{value}” must be between 0 and 12"),
    Code.QUOTA_ZERO: Entry(W, "{pool}应计人数 {base} 人 × 优秀比例 {quota} = {raw}，按 {rounding} 取整为 0：{pool}本年度没有优秀名额", "{pool}{base} people × {quota} = {raw}, rounded ({rounding}) to 0: no 优秀 place this year"),
    Code.QUOTA_LEVEL_UNKNOWN: Entry(W, "优秀比例按单位年度等次确定（staff.quota_by_level），但单位等次“{value}”未知或未列出（需用 --indicators 给出指标表）；改按 staff.excellent_quota {fallback}", "the 优秀 quota follows the unit's level (staff.quota_by_level) but the level “{value}” is unknown or not listed (give the indicators with --indicators); staff.excellent_quota {fallback} applies"),
    Code.QUOTA_POOL_COLUMN_MISSING: Entry(E, "staff.quota_pools 指定按“{value}”分别计算优秀名额，但人员表没有该列（现有列：{found}）", "staff.quota_pools splits the quota by “{value}” but the roster has no such column (it has: {found})"),
    Code.QUOTA_APPLIED: Entry(W, "{pool}优秀名额 {allowed} 人，按最终得分评为优秀：{names}；{lowered} 评为{grade}", "{pool}{allowed} 优秀 place(s), by final score: {names}; {lowered} graded {grade}"),
    Code.QUOTA_CONFIRM_IGNORED: Entry(W, "人员表填写了“优秀确认”（{names}），但只有设置优秀比例且 staff.quota = \"apply\" 时才据此确定优秀名单，本次未采用", "the roster fills 优秀确认 ({names}), but it only decides the 优秀 list with a quota and staff.quota = \"apply\"; it was not used"),
    Code.QUOTA_TIE_UNDECIDED: Entry(E, "{pool}最后 {left} 个优秀名额出现同分（{score} 分）：{names}；请单位研究决定，在人员表“优秀确认”列对其中 {left} 人填“是”、其余填“否”", "{pool}a tie for the last {left} 优秀 place(s) ({score}): {names}; the unit decides: in the roster's 优秀确认 column write 是 for {left} of them and 否 for the others"),
    Code.QUOTA_CONFIRM_EXCESS: Entry(E, "{pool}同分（{score} 分）的 {names} 中有 {chosen} 人的“优秀确认”为“是”，但只剩 {left} 个优秀名额，请改正", "{pool}{chosen} of the tied ({score}) {names} have 优秀确认 是 but only {left} place(s) are left; correct it"),
    Code.MONTHS_OUT_OF_RANGE: Entry(E, "在岗月数“{value}”应在 0–12 之间", "months “{value}” must be between 0 and 12"),
    Code.COEFFICIENT_NOT_POSITIVE: Entry(E, "岗位系数“{value}”应为大于 0 的数字", "coefficient “{value}” must be a number above 0"),
    Code.EXPLAIN_WHO_MISSING: Entry(E, "请给出要说明的人（姓名或工号），如 jxkh explain 张伟；或用 --indicator 序号 说明一项指标，--all 说明全部人员", "name the person to explain (name or 工号), e.g. jxkh explain 张伟; or --indicator N for an indicator row, --all for everyone"),
    Code.EXPLAIN_PERSON_AND_INDICATOR: Entry(E, "一次说明一项：人员用 jxkh explain {value}，指标用 jxkh explain --indicator {indicator}（“{value}”不是工作簿）", "one at a time: jxkh explain {value} for the person, jxkh explain --indicator {indicator} for the indicator (“{value}” is not a workbook)"),
    Code.EXPLAIN_NOT_FOUND: Entry(E, "参加考评的人员中没有“{value}”{hint}，请核对姓名或工号", "nobody appraised is named “{value}”{hint}; check the name or 工号"),
    Code.EXPLAIN_AMBIGUOUS: Entry(E, "“{value}”有多人：{matches}，请改用工号", "several people are named “{value}”: {matches}; give the 工号"),
    Code.EXPLAIN_INDICATOR_NOT_FOUND: Entry(E, "{file} 中没有序号或名称为“{value}”的指标", "no indicator in {file} has the 序号 or name “{value}”"),
    Code.POOL_MISSING: Entry(E, "未给出奖金总额，请用 --pool 指定金额（元），如 jxkh bonus --pool 50000", "no bonus pool given; name it in yuan with --pool, e.g. jxkh bonus --pool 50000"),
    Code.POOL_INVALID: Entry(E, "奖金总额“{value}”无效，请用 --pool 给出大于 0 的金额，如 --pool 50000", "bonus pool “{value}” is not valid; give an amount above 0 with --pool, e.g. --pool 50000"),
    Code.POOL_TOO_SMALL: Entry(E, "奖金总额 {value} 元不足每人 {unit} 元（{count} 人）", "the pool {value} is less than {unit} per person ({count} people)"),
    Code.POOL_NOT_IN_UNITS: Entry(E, "奖金总额 {value} 元不是 {unit} 元的整数倍，请把金额精确到 {unit} 元（或修改 jxkh.toml 的 bonus.unit）", "the pool {value} is not a whole multiple of {unit}; round it to {unit} (or change bonus.unit in jxkh.toml)"),
    Code.NO_RECIPIENTS: Entry(W, "没有{groups}等次的人员，扣减的 {amount} 元按基数比例退还给扣减比例最低的{who}等次 {count} 人", "nobody is {groups}; the deducted {amount} went back to the {count} people deducted least ({who}), in proportion to base"),
    Code.NO_BASE: Entry(E, "所有人员的在岗月数为 0，无法分配奖金", "everyone's months are 0; the bonus cannot be split"),
    Code.OUTPUT_NOT_DOCX: Entry(E, "输出文件“{value}”应以 .docx 结尾（自评报告是 Word 文档），请改用如 -o 自评报告.docx", "output “{value}” must end in .docx (the report is a Word document), e.g. -o report.docx"),
    Code.DUTY_MISSING: Entry(E, "{category}“{name}”未填写{column}；责任须分解到科室、责任人和责任领导", "{category} “{name}” has no {column}; every indicator needs a department, a responsible person and a leader"),
    Code.DUTY_ROSTER_UNCHECKED: Entry(W, "没有人员名单，未核对责任人、责任领导的姓名；用 --roster 指定名单，或在 {ratings} 的“人员”表中填写", "no roster: the names of 责任人 and 责任领导 were not checked; give one with --roster, or fill in the 人员 sheet of {ratings}"),
    Code.DUTY_NOT_ON_ROSTER: Entry(E, "{role}“{value}”不在人员名单（{roster}）中{hint}，请核对姓名或补充到人员表", "{role} “{value}” is not on the roster ({roster}){hint}; check the name or add them"),
    Code.DEADLINE_INVALID: Entry(E, "完成时限“{value}”无法识别，请写成如 6月、2015年6月30日、上半年 或 年底", "deadline “{value}” not recognised; write e.g. 6月, 2015年6月30日, 上半年 or 年底"),
    Code.MONTH_INVALID: Entry(E, "月份“{value}”无法识别，应为 1–12 月", "month “{value}” not recognised; expected 1–12"),
    Code.MONTH_MISSING: Entry(E, "无法确定月份：请添加“月份”列，或把工作表命名为月份（如“6月”）", "no month: add a 月份 column, or name the sheet after its month (such as 6月)"),
    Code.PROGRESS_INVALID: Entry(E, "进度“{value}”应在 0–100% 之间", "progress “{value}” must be between 0 and 100%"),
    Code.LEDGER_INDICATOR_UNKNOWN: Entry(E, "指标“{value}”不在指标表 {indicators} 中，请核对序号或指标名称", "indicator “{value}” is not in the indicators workbook {indicators}; check the 序号 or name"),
    Code.LEDGER_INDICATOR_MISMATCH: Entry(E, "序号 {id} 在指标表中是“{expected}”，此行写的是“{value}”，请核对", "序号 {id} is “{expected}” in the indicators workbook, but this row says “{value}”"),
    Code.LEDGER_INDICATOR_AMBIGUOUS: Entry(E, "“{value}”在指标表中对应 {count} 项指标（{matches}），无法确定是哪一项：请填写指标名称，或添加“类别”列注明 规定指标/自选指标", "“{value}” fits {count} indicators of the indicators workbook ({matches}); give the indicator's name, or add a 类别 column saying 规定指标 or 自选指标"),
    Code.LEDGER_ENTRY_REPEATED: Entry(E, "指标“{value}”在 {month} 月已有一行（{other}），每个指标每月只填一行", "indicator “{value}” already has a row for month {month} ({other}); one row per indicator per month"),
    Code.ASSESSED_MISSING: Entry(W, "指标“{value}”不在核定结果中，未作比较", "indicator “{value}” is not in the assessed results; not compared"),
    Code.PDF_UNAVAILABLE: Entry(E, "未找到 LibreOffice，无法生成 PDF（已生成 {value}）。请安装 LibreOffice（https://zh-cn.libreoffice.org/ ；Linux：apt-get install libreoffice-calc-nogui fonts-noto-cjk）后重试，或在 Excel/WPS 中打开后另存为 PDF", "LibreOffice is not installed, so no PDF was made ({value} was written). Install LibreOffice (https://www.libreoffice.org/; Linux: apt-get install libreoffice-calc-nogui fonts-noto-cjk) and retry, or save it as PDF from Excel/WPS"),
    Code.PDF_FAILED: Entry(E, "LibreOffice 未能把 {value} 转换为 PDF（{detail}），请关闭正在运行的 LibreOffice 后重试，或在 Excel/WPS 中打开后另存为 PDF", "LibreOffice could not convert {value} to PDF ({detail}); close any running LibreOffice and retry, or save it as PDF from Excel/WPS"),
    Code.UNIT_UNNAMED: Entry(W, "政策文件未设置单位名称，标题和落款写作“{value}”；请在 jxkh.toml 的 title 和 [notice] unit 中填写，或用 jxkh init --unit 单位名称 --year 年度 新建工作目录", "the policy names no unit, so titles and the signature say “{value}”; set title and [notice] unit in jxkh.toml, or start a workspace with jxkh init --unit NAME --year YEAR"),
    Code.POLICY_SYNTAX: Entry(E, "政策文件格式错误：{detail}", "the policy file is not valid TOML: {detail}"),
    Code.POLICY_INVALID: Entry(E, "{key}: {detail}", "{key}: {detail}"),
    Code.ARGUMENT_INVALID: Entry(E, "参数 {name} 应为 {expected}，实际为 {kind}：{value}", "argument {name} must be {expected}, not {kind}: {value}"),
    Code.POLICY_ENCODING: Entry(E, "政策文件的编码是 {detail}，应为 UTF-8：请在记事本中“另存为”，编码选择 UTF-8", "the policy file is encoded as {detail}; it must be UTF-8: save it again choosing UTF-8"),
}

# Strings that are not problems: terminal headings, notes, workbook labels shared by commands.
TEXT: dict[str, tuple[str, str]] = {
    "errors_heading": ("发现 {n} 个问题，未生成输出文件：", "{n} problem(s) found; nothing was written:"),
    "warnings_heading": ("{n} 条提示：", "{n} warning(s):"),
    "col_where": ("位置", "where"),
    "col_code": ("代码", "code"),
    "col_message": ("问题", "problem"),
    "wrote": ("已生成：{path}", "wrote: {path}"),
    "init_wrote": ("已创建：{path}", "created: {path}"),
    "init_skipped": ("已存在，未覆盖：{path}", "exists, not overwritten: {path}"),
    "init_next": ("下一步：填写 indicators.xlsx（年初：指标、责任人、完成时限），运行 jxkh duty 公示；每月填写 台账.xlsx，运行 jxkh ledger；年底填写等次和得分，运行 jxkh score、jxkh report；填写 ratings.xlsx，运行 jxkh appraise、jxkh bonus", "next: fill in indicators.xlsx (owners, deadlines) and run jxkh duty; each month fill in 台账.xlsx and run jxkh ledger; at year end add grades and scores and run jxkh score and jxkh report; fill in ratings.xlsx and run jxkh appraise and jxkh bonus"),
    "check_ok_kind": ("{path}：未发现问题（{kind}）", "{path}: no problems found ({kind})"),
    "check_kind_indicators": ("按单位指标表检查", "checked as an indicators workbook"),
    "check_kind_ratings": ("按民主测评表检查", "checked as a ratings workbook"),
    # why a sheet was not read (sheet-not-read's {reason}); sheet_<kind> for headers.NOT_DATA_SHEETS
    "sheet_summary": ("名为汇总/统计/合计，是其他工作表的汇总，再读会重复计算", "a summary of the other sheets (by its name); read too, it would count them twice"),
    "sheet_roster": ("是人员名单（jxkh appraise 读取）", "a staff roster (read by jxkh appraise)"),
    "sheet_ballots": ("是民主测评表（jxkh appraise 读取）", "ballots (read by jxkh appraise)"),
    "sheet_explanation": ("名为说明/目录/封面，不是数据表", "instructions or a cover (by its name), not data"),
    "sheet_no_header": ("前 20 行中没有指标表的表头（指标名称、分值）", "no indicator header (指标名称, 分值) in its first 20 rows"),
    "total_uncounted": ("；第 {rows} 行的类别或分值未能读取，未计入合计", "; rows {rows} have an unreadable category or points and are not counted"),
    # jxkh check: how each sheet and column was read
    "check_kind_both": ("按单位指标表和民主测评表检查", "checked as an indicators and a ratings workbook"),
    "layout_heading": ("读取方式：", "how the workbook was read:"),
    "layout_sheet": ("工作表“{sheet}” → {role}（表头第 {row} 行）：{columns}", "sheet “{sheet}” → {role} (header row {row}): {columns}"),
    "layout_ignored": ("工作表“{sheet}” → {role}（{reason}）", "sheet “{sheet}” → {role} ({reason})"),
    "layout_blank": ("空白", "blank"),
    "layout_unused": ("；未使用：{columns}", "; not used: {columns}"),
    "layout_sep": ("，", ", "),
    "layout_self": ("{field}（自评）", "{field} (self-assessed)"),
    "role_indicators": ("指标表", "indicators"),
    "role_ballots": ("测评票", "ballots"),
    "role_roster": ("人员名单", "roster"),
    "role_ignored": ("未读取", "not read"),
    "check_ok": ("{path}：未发现问题", "{path}: no problems found"),
    "interrupted": ("已中断，未生成输出文件", "interrupted; nothing was written"),
    "internal_error": ("程序内部错误：{detail}。请用 --debug 重试并把输出发给维护者", "internal error: {detail}. Run again with --debug and send the output to the maintainers"),
    "accountability_applied": ("已按指标表 {path} 计入责任扣分", "accountability deductions applied from {path}"),
    "accountability_no_column": ("指标表 {path} 没有“个人原因”列，未计入责任扣分", "the indicators workbook {path} has no 个人原因 column; no accountability deductions"),
    "accountability_none": ("未提供指标表，未计入责任扣分", "no indicators workbook; no accountability deductions"),
    "accountability_not_filled": ("指标表 {path} 尚未填写，未计入责任扣分", "the indicators workbook {path} is not filled in yet; no accountability deductions"),
    # jxkh appraise: what happened to a flagged ballot ({action}), terminal table and summary
    "ballot_counted": ("该票仍计入（政策 staff.suspect_ballots = count）", "the ballot still counts (policy staff.suspect_ballots = count)"),
    "ballot_excluded": ("该票已剔除（政策 staff.suspect_ballots = exclude）", "the ballot was excluded (policy staff.suspect_ballots = exclude)"),
    "ballots_counted": ("这些票仍计入（政策 staff.suspect_ballots = count）", "those ballots still count (policy staff.suspect_ballots = count)"),
    "ballots_excluded": ("这些票已剔除（政策 staff.suspect_ballots = exclude）", "those ballots were excluded (policy staff.suspect_ballots = exclude)"),
    "ballot_blank_skipped": ("没有可计的分数，未计入", "it has no score and was not counted"),
    "appraise_title": ("{file} 民主测评结果（{people} 人，有效票 {ballots} 张）", "{file}: appraisal ({people} people, {ballots} valid ballots)"),
    "appraise_col_rank": ("名次", "rank"),
    "appraise_col_name": ("姓名", "name"),
    "appraise_col_department": ("科室", "department"),
    "appraise_col_ballots": ("票数", "ballots"),
    "appraise_col_rating": ("测评得分", "rating"),
    "appraise_col_deduction": ("责任扣分", "deduction"),
    "appraise_col_final": ("最终得分", "final"),
    "appraise_col_grade": ("等次", "grade"),
    "appraise_grades": ("等次分布：{grades}", "grades: {grades}"),
    "appraise_over_quota": ("超出优秀比例（最多 {allowed} 人），待单位研究决定：{names}", "over the 优秀 quota (at most {allowed}); the unit decides: {names}"),
    "appraise_more": ("…… 以上为前 {shown} 名，共 {total} 人，完整名单见输出文件", "… the first {shown} of {total} people; the output workbook lists everyone"),
    # jxkh bonus's terminal table and summary
    "bonus_title": ("绩效奖金分配（扣差补优法）", "bonus split (扣差补优)"),
    "bonus_col_department": ("科室", "department"),
    "bonus_col_name": ("姓名", "name"),
    "bonus_col_grade": ("等次", "grade"),
    "bonus_col_base": ("基数", "base"),
    "bonus_col_deducted": ("扣减", "deducted"),
    "bonus_col_awarded": ("补增", "awarded"),
    "bonus_col_amount": ("金额", "amount"),
    "bonus_total": ("合计", "total"),
    "progress_read": ("读取 {file}", "reading {file}"),
    "progress_write": ("写入 {file}", "writing {file}"),
    "bonus_more": ("…… 以上为前 {shown} 人，合计为全部 {total} 人，完整名单见输出文件", "… the first {shown} of {total} people (the totals are everyone's); the output workbook lists everyone"),
    "bonus_summary": ("奖金总额 {pool} 元，扣减合计 {deducted} 元，{split}补给{grade}等次 {count} 人", "pool {pool}; deducted {deducted}, awarded to the {count} people graded {grade} ({split})"),
    "bonus_summary_returned": ("奖金总额 {pool} 元，扣减合计 {deducted} 元，无{groups}等次人员，按基数比例退还给 {count} 人", "pool {pool}; deducted {deducted}; nobody is {groups}, so it went back to {count} people in proportion to base"),
    "bonus_summary_none": ("奖金总额 {pool} 元，无人被扣减，每人金额即基数", "pool {pool}; nobody was deducted, everyone gets their base"),
    "split_base": ("按基数比例", "in proportion to base"),
    "split_equal": ("平均", "equally"),
    "split_score": ("按考评得分比例", "in proportion to score"),
    # jxkh demo
    "demo_copied": ("已把示例单位（虚构数据）复制到 {path}", "copied the example unit (invented data) to {path}"),
    "demo_score": ("单位指标：总分 {total} / {max}，年度等次 {level}", "unit indicators: {total} / {max}, level {level}"),
    "demo_grades": ("干部职工测评：{grades}", "staff appraisal: {grades}"),
    "demo_grade_count": ("{grade} {n} 人", "{grade} {n}"),
    "demo_duty": ("责任分解：{n} 项指标分解到 {departments} 个科室", "responsibility breakdown: {n} indicators over {departments} departments"),
    "demo_ledger": ("目标工作台账 {month} 月：进度滞后 {behind} 项，逾期未完成 {overdue} 项，本月未填报 {missing} 项，存在问题 {issues} 条", "ledger, month {month}: {behind} behind schedule, {overdue} overdue, {missing} not reported, {issues} open issue(s)"),
    "demo_report": ("自评报告：市绩效办核定低于自评 {n} 项，合计少 {gap} 分，整改措施待填写", "self-assessment: {n} indicator(s) assessed below it, {gap} points in all; corrective measures to fill in"),
    "demo_next": ("下一步：打开上面生成的文件查看；修改 {path} 中的表格后，依次运行：", "next: open the files written above; edit the ones in {path}, then run in turn:"),
    # jxkh score's terminal summary
    "score_title": ("{file} 履职情况考核评分", "{file}: indicator scores"),
    "score_total": ("单位总分 {total} / {max}（{ratio}），年度等次：{level}", "unit total {total} / {max} ({ratio}), level: {level}"),
    "score_col_category": ("类别", "category"),
    "score_col_department": ("责任科室", "department"),
    "score_col_points": ("分值", "points"),
    "score_col_score": ("得分", "score"),
    "score_col_ratio": ("得分率", "ratio"),
    "score_charges": ("责任追究 {n} 条", "{n} accountability charge(s)"),
    "score_more": ("…… 以上为前 {shown} 行，共 {total} 行，完整内容见输出文件", "… the first {shown} of {total} rows; the output workbook has them all"),
    "score_col_person": ("姓名", "person"),
    "score_col_role": ("责任类型", "role"),
    "score_col_indicator": ("指标", "indicator"),
    "score_col_lost": ("失分", "lost"),
    "score_col_deduction": ("扣分", "deduction"),
    "role_owner": ("责任人", "owner"),
    # {hint} of a name found nowhere: the near miss it probably is (张卫 → 张伟)
    "did_you_mean": ("（是否为“{name}”？）", " (did you mean “{name}”?)"),
    "no_hint": ("", ""),
    "form_left_out": ("（这张票没有评到：{names}）", " (this form leaves out: {names})"),
    # {reason} of sheet-not-read and file-not-read, {layout} of ballot-layout-unsupported
    "not_read_ledger_blank": ("台账尚无记录，自评报告未引用台账", "the ledger has no rows yet; the report quotes none"),
    "not_read_ledger": ("没有台账表头（应有“进度（%）”及“序号”或“指标”列）", "no ledger header (进度（%） with 序号 or 指标)"),
    "not_read_named": ("已按工作表名“{sheet}”读取测评票，其他工作表不计入", "the ballots were read from sheet “{sheet}”; other sheets do not count"),
    "not_read_no_header": ("前 20 行中没有测评票表头（被测评人、{dimensions}）", "no ballot header (ratee, {dimensions}) in its first 20 rows"),
    "not_read_roster_in_folder": ("文件夹中的人员表取自 {roster}", "the folder's roster is {roster}"),
    "not_read_output": ("这是 jxkh 生成的结果文件（其“说明”工作表写明由“{original}”生成）", "it is an output of jxkh (made from “{original}”, says its 说明 sheet)"),
    "not_read_output_name": ("文件名是 jxkh 结果文件的名称（*.scored.xlsx、bonus.xlsx）", "its name is one jxkh gives its outputs (*.scored.xlsx, bonus.xlsx)"),
    "not_read_format": ("不是电子表格文件", "not a spreadsheet file"),
    "layout_tick_box": ("勾选等次的计票表（优秀/称职/基本称职/不称职 票数；逐张勾选的票可在 jxkh.toml 设 staff.method = \"votes\" 读取）", "a tick-box tally (votes for 优秀/称职/基本称职/不称职; ballots ticked one by one are read with staff.method = \"votes\" in jxkh.toml)"),
    "layout_wide": ("每行一位测评人、被测评人各占一列", "one row per rater with the ratees as columns"),
    "role_leader": ("责任领导", "leader"),
    "duty_title": ("{file} 绩效目标责任分解", "{file}: responsibility breakdown"),
    "duty_col_count": ("指标数", "indicators"),
    "duty_roster_checked": ("已按人员名单 {path} 核对责任人和责任领导", "owners and leaders checked against the roster {path}"),
    "ledger_title": ("{file} 目标工作台账 {month} 月：时间进度 {elapsed}，容差 {tolerance}", "{file}: ledger for month {month}: {elapsed} of the year gone, tolerance {tolerance}"),
    "ledger_col_progress": ("{month}月进度", "progress in month {month}"),
    "ledger_behind": ("进度滞后 {n} 项", "{n} behind schedule"),
    "ledger_overdue": ("逾期未完成 {n} 项", "{n} past their deadline"),
    "ledger_missing": ("{month} 月未填报 {n} 项", "{n} without an entry for month {month}"),
    "ledger_issues": ("存在问题 {n} 条", "{n} open issue(s)"),
    "ledger_col_now": ("进度", "progress"),
    "ledger_col_expected": ("时间进度", "share of year"),
    "ledger_col_gap": ("落后", "behind by"),
    "ledger_col_deadline": ("完成时限（月）", "deadline (month)"),
    "ledger_col_last": ("最近填报月份", "last month reported"),
    "ledger_col_issue": ("存在问题", "issue"),
    "ledger_no_indicators": ("未提供指标表：只分析台账中出现的指标，无完成时限", "no indicators workbook: only the indicators in the ledger, without deadlines"),
    "report_no_done": ("{n} 项指标未写完成情况（在指标表“完成情况说明”列或台账中填写）：{names}", "{n} indicator(s) without 完成情况 (fill in 完成情况说明 or the ledger): {names}"),
    "report_ledger": ("完成情况与佐证材料引自台账 {path}", "完成情况 and evidence quoted from the ledger {path}"),
    "report_shortfalls": ("市绩效办核定低于自评 {n} 项，合计少 {gap} 分", "{n} indicator(s) assessed below the self-assessment, {gap} points in all"),
    "report_col_self": ("自评", "self"),
    "report_col_assessed": ("核定", "assessed"),
    "report_col_gap": ("差额", "gap"),
    "no_department": ("（未填科室）", "(no department)"),
    # score-outside-band's {expected}: one score when the band is a single point (好 is 100%).
    "band_exact": ("应为 {low} 分", "it must be {low}"),
    "band_range": ("应在 {low}–{high} 分之间", "it must be between {low} and {high}"),
    "problems_more": ("……及其余 {n} 条（共 {total} 条；用 --json 可列出全部）", "… and {n} more ({total} in all; --json lists every one)"),
    "output_failed": ("无法写出结果（{detail}），请检查输出重定向的位置", "could not write the output ({detail}); check where it is redirected"),
    # Command-line usage: help texts, usage errors, the overview of `jxkh` alone (cli/usage.py).
    "overview": ("jxkh {version} 绩效考核：单位指标评分、干部职工民主测评、绩效奖金扣差补优分配。", "jxkh {version}: unit indicator scores, staff appraisal from ballots, and the bonus split by 扣差补优."),
    "overview_year": ("一年的工作按这个顺序：", "A year's work, in this order:"),
    "overview_more": ("每个命令的用法：jxkh 命令 -h（如 jxkh score -h）；先试试 jxkh demo。", "Each command's usage: jxkh COMMAND -h (e.g. jxkh score -h); try jxkh demo first."),
    "help_usage": ("用法：", "Usage: "),
    "help_options_metavar": ("[选项]", "[OPTIONS]"),
    "help_command_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "help_arguments": ("参数：", "Arguments:"),
    "help_options": ("选项：", "Options:"),
    "help_commands": ("命令：", "Commands:"),
    "help_try": ("运行 {command} -h 查看帮助。", "Run '{command} -h' for help."),
    "usage_error": ("错误：{message}", "Error: {message}"),
    "usage_no_such_option": ("没有选项 {name}", "no such option: {name}"),
    "usage_no_such_command": ("没有命令“{name}”", "no such command '{name}'"),
    "usage_did_you_mean": ("{message}，是不是要用 {names}？", "{message}. Did you mean {names}?"),
    "usage_needs_value": ("选项 {name} 后面要给出一个值", "option {name} requires a value"),
    "usage_takes_no_value": ("选项 {name} 不带值", "option {name} does not take a value"),
    "usage_missing_argument": ("缺少参数 {name}", "missing argument {name}"),
    "usage_missing_option": ("缺少选项 {name}", "missing option {name}"),
    "usage_bad_value_only": ("{name} 的值无效，请查看 -h 中的说明", "invalid value for {name}; see -h"),
    "usage_bad_value": ("{name} 的值无效：{message}", "invalid value for {name}: {message}"),
    "usage_choice": ("“{value}”不是可选的值，应为 {choices}", "“{value}” is not one of {choices}"),
    "usage_extra": ("多余的参数：{args}", "unexpected extra argument(s): {args}"),
    "usage_or": (" 或 ", " or "),
    "version": ("jxkh {version}", "jxkh {version}"),
    # One summary per command (the overview and the top of its help), then the details.
    "cmd_init": ("创建工作目录：政策文件 jxkh.toml 和空白的 indicators.xlsx、ratings.xlsx", "set up a workspace: the policy jxkh.toml and blank indicators.xlsx and ratings.xlsx"),
    "cmd_init_more": ("已有的文件不会被覆盖，只列出来。用 --policy 时，把该文件复制为工作目录的 jxkh.toml；用 --preset 时，写入该规定的 jxkh.toml（每项注明条款）。--unit 和 --year 写入标题和公示落款。", "Existing files are never overwritten: they are skipped and listed. With --policy, that file becomes the workspace's jxkh.toml; with --preset, that rule book's jxkh.toml (each value citing its article). --unit and --year go into the titles and the 公示's signature."),
    "cmd_template": ("生成空白模板（带下拉列表和填写提示）", "write a blank workbook with drop-down lists and input hints"),
    "cmd_template_more": ("默认写入当前文件夹的 indicators.xlsx 或 ratings.xlsx；已有的文件只在加 --force 时才覆盖。jxkh.toml 规定打勾计票时，ratings 是可打印的打勾测评票。", "By default indicators.xlsx or ratings.xlsx in the current folder; an existing file is replaced only with --force. With staff.method = \"votes\" in jxkh.toml, ratings is the printable tick-box ballot."),
    "cmd_check": ("只检查不生成文件：列出工作簿中的全部问题", "check a workbook and list every problem; writes nothing"),
    "cmd_check_more": ("按工作表名（指标；测评、人员）或表头判断是指标表还是测评表。测评表按指标表的责任追究一起检查，与 appraise 相同。没有问题时退出码为 0，有问题时为 1。", "Whether FILE is an indicators or a ratings workbook is told from its sheet names (指标; 测评, 人员), else its header row. A ratings workbook is checked with the indicators' accountability links, as appraise runs. Exit 0 when there are no problems, 1 when there are."),
    "cmd_duty": ("责任分解公示：按科室列出指标、分值、评分标准、责任人、责任领导、完成时限", "the responsibility breakdown to post: indicators by department with owners, leaders and deadlines"),
    "cmd_duty_more": ("结果写入 责任分解公示.xlsx；给出人员名单时核对责任人和责任领导。", "The result goes to 责任分解公示.xlsx; with a roster, owners and leaders are checked against it."),
    "cmd_ledger": ("目标工作台账汇总：逐月进度、科室进度、进度滞后、逾期未完成、本月未填报、存在问题", "sum up the monthly ledger: progress by month and department, what is behind, overdue, unreported, open issues"),
    "cmd_ledger_more": ("结果写入 台账汇总.xlsx；--month 指定汇报月份（默认台账中最近的月份）；有 indicators.xlsx（或 --indicators）时按指标表核对指标并判断完成时限。", "The result goes to 台账汇总.xlsx; --month picks the month (default: the latest in the ledger); with indicators.xlsx (or --indicators) the indicators and their deadlines come from it."),
    "cmd_report": ("自评报告：生成文档 自评报告.docx（总体情况、各指标完成情况、佐证材料、附表）", "write the self-assessment report 自评报告.docx: overview, each indicator, evidence, appendix"),
    "cmd_report_more": ("完成情况取自指标表的“完成情况说明”列，否则取自台账（--ledger，默认与指标表同一文件夹的 台账.xlsx）；--assessed 给出市绩效办反馈的核定结果时，列出核定低于自评的指标并生成 整改措施.xlsx。", "What was done comes from the workbook's summary column, else from the ledger (--ledger, default 台账.xlsx beside it); with --assessed (the city office's returned sheet) the indicators assessed below the self-assessment are listed and 整改措施.xlsx is written."),
    "cmd_score": ("单位指标评分：得分、得分率、失分、科室小计、总分与等次、责任追究", "score the unit's indicators: scores, subtotals, the total and level, accountability"),
    "cmd_score_more": ("结果写入 <输入文件名>.scored.xlsx。用 --assessed 给出市绩效办反馈的核定结果时，另列出核定低于自评的指标（按指标、科室、类别），并加上“整改措施”“改进分析”两张表。", "The result goes to <input>.scored.xlsx. With --assessed (the city office's returned sheet) it also lists the indicators assessed below the self-assessment, by indicator, department and category, and adds two sheets for the corrective measures."),
    "cmd_appraise": ("干部职工民主测评：平均分、测评得分、责任扣分、最终得分、等次、名次", "appraise staff from the ballots: averages, rating, deduction, final score, grade, rank"),
    "cmd_appraise_more": ("结果写入 <输入文件名>.scored.xlsx。测评表所在文件夹有 indicators.xlsx（或用 --indicators 指定）时计入责任扣分。", "The result goes to <input>.scored.xlsx. Accountability deductions apply when the ratings' folder holds indicators.xlsx (or --indicators names one)."),
    "cmd_bonus": ("绩效奖金分配（扣差补优法）：生成奖金分配表和公示表 bonus.xlsx", "split the bonus pool by 扣差补优 into bonus.xlsx, with a 公示 sheet to post"),
    "cmd_bonus_more": ("按测评表重新计算等次，再按 jxkh.toml 的 [bonus] 分配；金额精确到分，合计等于总额。", "Grades are recomputed from the ballots, then the pool is split as jxkh.toml's [bonus] says, to the fen, adding up to the pool."),
    "cmd_diff": ("复核：比较两份结果，列出谁的等次、得分、扣分、金额变了，哪些输入和政策不同", "compare two outputs (e.g. the posted bonus.xlsx and the corrected one): whose grade, score, deduction or amount changed, which inputs and policy values differ"),
    "cmd_diff_more": ("如比较公示的 bonus.xlsx 与更正后重新生成的。按工号（没有工号时按姓名）对应人员，指标按序号或名称；输入文件按 说明 表记录的文件指纹（哈希值）比较。-o 变更说明.xlsx 生成可打印的变更说明。", "People are matched by 工号, else by name; indicators by 序号 or name; inputs by the SHA-256 their 说明 sheets record. -o 变更说明.xlsx writes a printable record of the change."),
    "cmd_explain": ("复核：说明某人的得分、等次和奖金（或某项指标的得分）是怎样算出来的，每个数字注明出处", "explain how a person's score, grade and bonus (or an indicator row's score) were reached, every figure with its source cell"),
    "cmd_explain_more": ("按姓名或工号找人（同名时用工号）：测评票计入与剔除、各类别平均分与权重、测评得分的精确值与保留、各项责任扣分、分数线与规则、优秀名额；加 --pool 金额 再列出奖金的基数、扣减、补增和分的分配。--indicator 序号 说明一项指标：等次、档位、得分、计入的小计。-o 计算说明.xlsx 生成可打印、可交给本人的说明表；--all 说明全部人员（每人一张工作表）。", "Find the person by name or 工号 (give the 工号 when names repeat): which ballots counted or were dropped, each group's means and weights, the exact rating and its rounding, each deduction, the cut-off and rules, the 优秀 places; with --pool the bonus's base, deduction, award and who got which fen. --indicator N explains an indicator row: grade, band, score, the subtotals it feeds. -o explain.xlsx writes a printable sheet to hand over; --all explains everyone (one sheet each)."),
    "param_who": ("要说明的人：姓名或工号（用 --all 或 --indicator 时不写，直接给出文件）", "the person to explain: name or 工号 (none with --all or --indicator: the file comes first)"),
    "metavar_who": ("姓名或工号", "NAME_OR_ID"),
    "param_indicator": ("说明一项指标的得分：序号或指标名称（读 --indicators 或当前文件夹的 indicators.xlsx）", "explain an indicator row: its 序号 or name (from --indicators, else ./indicators.xlsx)"),
    "metavar_indicator": ("序号", "N"),
    "param_everyone": ("说明全部人员（-o 时每人一页）", "explain everyone (one page each with -o)"),
    "param_explain_pool": ("绩效奖金总额（元），给出时同时说明奖金的计算，如 50000", "the bonus pool in yuan, to explain the bonus too, e.g. 50000"),
    "param_explain_roster": ("人员名单工作簿（默认：测评表的“人员”工作表，或文件夹中的人员文件）", "roster workbook (default: the ratings' 人员 sheet, or the folder's 人员 file)"),
    "param_old": ("原结果文件（如公示的 bonus.xlsx）", "the earlier output (e.g. the posted bonus.xlsx)"),
    "param_new": ("新结果文件（如更正后重新生成的 bonus.xlsx）", "the new output (e.g. the corrected bonus.xlsx)"),
    "diff_title": ("变更说明：{old} → {new}（{kind}）", "what changed: {old} → {new} ({kind})"),
    "diff_identical": ("两份结果完全相同：输入文件的 SHA-256 相同（{inputs} 个），政策取值相同（{policy} 项），{count} {unit}的各项数字相同", "the two are identical: the same input SHA-256s ({inputs}), the same policy values ({policy}), the same figures for all {count}"),
    "diff_change": ("{who}：{field} {old} → {new}{delta}", "{who}: {field} {old} → {new}{delta}"),
    "diff_added": ("新增：{who}", "added: {who}"),
    "diff_removed": ("删除：{who}", "removed: {who}"),
    "diff_input": ("输入文件 {file} 不同：{old} → {new}", "input {file} differs: {old} → {new}"),
    "diff_policy": ("政策 {item} 不同：{old} → {new}", "policy {item} differs: {old} → {new}"),
    "diff_same_figures": ("{count} {unit}的各项数字相同", "the figures of all {count} are the same"),
    "diff_summary": ("共对比 {count} {unit}：{changed} {unit}有变化，新增 {added}，删除 {removed}；输入文件不同 {inputs} 个，政策不同 {policy} 项", "{count} compared: {changed} changed, {added} added, {removed} removed; {inputs} input(s) and {policy} policy value(s) differ"),
    "diff_none": ("无", "none"),
    "diff_unit_people": ("人", "people"),
    "diff_unit_indicators": ("项指标", "indicators"),
    # jxkh explain: one TEXT entry per step (explaining.Step.key), figures from the rules' records.
    "explain_title_person": ("{name}{id} 的考评与奖金计算过程", "how {name}{id}'s appraisal and bonus were computed"),
    "explain_title_indicator": ("指标 {name} 的得分计算过程", "how indicator {name} was scored"),
    "explain_section_ballots": ("一、民主测评", "1. Ballots"),
    "explain_section_deductions": ("二、责任扣分", "2. Accountability deductions"),
    "explain_section_final": ("三、最终得分与等次", "3. Final score and grade"),
    "explain_section_bonus": ("四、绩效奖金（扣差补优）", "4. Bonus (扣差补优)"),
    "explain_section_indicator": ("一、得分", "1. Score"),
    "explain_section_feeds": ("二、计入的小计与总分", "2. Subtotals and total it feeds"),
    "explain_where_row": ("{file} {sheet} 第 {row} 行", "{file} {sheet} row {row}"),
    "explain_rounding_half_up": ("四舍五入", "rounded half up"),
    "explain_rounding_half_even": ("四舍六入五成双", "rounded half to even"),
    "explain_ballots_total": ("共 {read} 张票：计入 {counted} 张，空白 {blank} 张，剔除 {excluded} 张", "{read} ballots: {counted} counted, {blank} blank, {excluded} excluded"),
    "explain_ballot_blank": ("空白票，不计", "blank ballot, not counted"),
    "explain_ballot_excluded": ("不计：{reason}", "not counted: {reason}"),
    "explain_group": ("{group}：{count} 张票", "{group}: {count} ballots"),
    "explain_ballot_counted": ("{scores}，合计 {total}", "{scores}, total {total}"),
    "explain_ballot_trimmed_high": ("{scores}，合计 {total}（最高分，去掉）", "{scores}, total {total} (highest, dropped)"),
    "explain_ballot_trimmed_low": ("{scores}，合计 {total}（最低分，去掉）", "{scores}, total {total} (lowest, dropped)"),
    "explain_mean": ("{kept} 张票的平均分：{means}，合计 {total}", "mean of {kept} ballots: {means}, total {total}"),
    "explain_group_mean": ("{group} {kept} 张票的平均分：{means}，合计 {total}", "{group}, mean of {kept} ballots: {means}, total {total}"),
    "explain_weights": ("测评人类别权重：{weights}", "rater group weights: {weights}"),
    "explain_group_absent": ("{group}没有测评票，权重按有票的类别重新折算为：{shares}", "no ballot from {group}: the weights re-normalised over the groups present: {shares}"),
    "explain_dimension": ("{dimension}：精确值 {exact}，保留后 {rounded}", "{dimension}: exactly {exact}, shown {rounded}"),
    "explain_dimension_weighted": ("{dimension} = {parts} = {exact}，保留后 {rounded}", "{dimension} = {parts} = {exact}, shown {rounded}"),
    "explain_rating": ("测评得分 = 各项精确值之和 = {exact}，{rounding}保留 {places} 位小数为 {rounded}", "rating = the sum of the exact averages = {exact}, {rounding} to {places} places: {rounded}"),
    "explain_rating_vs_sum": ("各项显示值之和为 {sum}，与测评得分 {rating} 相差 {diff}：各项平均分与测评得分都由精确值分别保留小数，显示值之和与测评得分最多相差 {most} 分", "the shown averages add up to {sum}, {diff} from the rating {rating}: each average and the rating are rounded from their exact values, so the two can differ by up to {most}"),
    "explain_no_indicators": ("未使用指标表，没有责任扣分", "no indicators workbook was used: no deductions"),
    "explain_indicators_not_filled": ("指标表 {file} 尚未填写，没有责任扣分", "the indicators workbook {file} is not filled in yet: no deductions"),
    "explain_no_charges": ("指标表 {file} 中本人没有因个人原因失分的指标，责任扣分 0", "no indicator of {file} lost points through this person's fault: deduction 0"),
    "explain_charge_indicator": ("指标 {indicator}：分值 {points}，完成等次 {grade}，得分 {score}，失分 {lost}", "indicator {indicator}: points {points}, grade {grade}, score {score}, lost {lost}"),
    "explain_charge_owner": ("{name} 为责任人：失分 {basis} × 系数 {factor} = {exact}，扣 {deduction} 分", "{name} is 责任人: lost {basis} × factor {factor} = {exact}, deduction {deduction}"),
    "explain_charge_leader": ("{name} 为责任领导（连带责任）：责任人扣分 {basis} × 系数 {factor} = {exact}，扣 {deduction} 分", "{name} is 责任领导 (joint liability): the 责任人's {basis} × factor {factor} = {exact}, deduction {deduction}"),
    "explain_charges_total": ("各项扣分合计 {total}", "charges add up to {total}"),
    "explain_charges_capped": ("合计 {total} 超过年度扣分上限 {cap}（accountability.cap），按 {cap} 计", "{total} is above the yearly cap {cap} (accountability.cap): {cap} counts"),
    "explain_deduction": ("责任扣分 {deduction}", "deduction {deduction}"),
    "explain_final": ("最终得分 = 测评得分 {rating} − 责任扣分 {deduction} = {final}", "final score = rating {rating} − deduction {deduction} = {final}"),
    "explain_final_prior": ("最终得分 = 测评得分 {rating} − 责任扣分 {deduction} + 上年度等次加分 {prior} = {final}", "final score = rating {rating} − deduction {deduction} + prior-grade points {prior} = {final}"),
    "explain_final_clamped": ("{raw} 超出 0 至满分的范围，按 {final} 计", "{raw} is outside 0 to the full score: {final}"),
    "explain_cutoff": ("{final} 不低于{grade}分数线 {cutoff}：按得分为{grade}", "{final} reaches the {grade} cut-off {cutoff}: {grade} by score"),
    "explain_cutoff_floor": ("{final} 低于 {lowest}：按得分为{grade}", "{final} is below {lowest}: {grade} by score"),
    "explain_veto": ("人员表“违纪违法”为 是：按规定评为{grade}，不论得分", "违纪违法 is 是 on the roster: {grade} whatever the score"),
    "explain_ruling": ("规则：{rule}（{setting}）→ {outcome}（未由此规则决定等次）", "rule: {rule} ({setting}) → {outcome} (not the rule that set the grade)"),
    "explain_ruling_decides": ("规则：{rule}（{setting}）→ {outcome}", "rule: {rule} ({setting}) → {outcome}"),
    "explain_rank": ("按最终得分排第 {rank} 名（共 {count} 人，同分同名次）", "rank {rank} of {count} by final score (equal scores share a rank)"),
    "explain_quota": ("{top}名额：{people} 人 × {share}（{setting}）= {allowed} 名", "{top} places: {people} people × {share} ({setting}) = {allowed}"),
    "explain_quota_tie": ("与 {names} 同为 {score} 分，并列争最后的名额，由单位研究决定", "tied with {names} at {score} for the last place: the unit decides"),
    "explain_quota_confirmed": ("并列时由人员表“优秀确认”为 是 取得名额", "took a tied place by 优秀确认 是 on the roster"),
    "explain_quota_over": ("排在 {allowed} 个名额之外：只列出，由单位研究决定（staff.quota = list）", "ranked beyond the {allowed} places: listed for the unit to decide (staff.quota = list)"),
    "explain_grade": ("年度考核等次：{grade}", "grade: {grade}"),
    "explain_bonus_needs_pool": ("未给出奖金总额：加上 --pool 金额（如 --pool 50000）即列出奖金的计算", "no pool given: add --pool AMOUNT (e.g. --pool 50000) for the bonus part"),
    "explain_bonus_weight": ("权数 = 岗位系数 {coefficient} × 在岗月数 {months} ÷ 12 = {weight}", "weight = 岗位系数 {coefficient} × 在岗月数 {months} ÷ 12 = {weight}"),
    "explain_bonus_weight_equal": ("各人基数相同（bonus.base = equal），权数 {weight}", "equal bases (bonus.base = equal): weight {weight}"),
    "explain_bonus_base_exact": ("基数 = 奖金总额 {pool} × 本人权数 {weight} ÷ 全体权数之和 {total} = {exact} 元", "base = pool {pool} × weight {weight} ÷ all weights {total} = {exact}"),
    "explain_fen_none": ("恰为整分：{result} 元", "whole fen: {result}"),
    "explain_fen_extra": ("各人先取到分，共余下 {left} 分，按余数从大到小补给前 {left} 人（共 {count} 人）；本人余数 {remainder} 分，排第 {place}，多得 1 分：{floor} + {unit} = {result} 元", "everyone's share floored to the fen leaves {left} fen, given one each to the {left} largest remainders (of {count}); this remainder {remainder} fen is number {place}: one more fen, {floor} + {unit} = {result}"),
    "explain_fen_no_extra": ("各人先取到分，共余下 {left} 分，按余数从大到小补给前 {left} 人（共 {count} 人）；本人余数 {remainder} 分，排第 {place}，不多得：{result} 元", "everyone's share floored to the fen leaves {left} fen, given one each to the {left} largest remainders (of {count}); this remainder {remainder} fen is number {place}: none, {result}"),
    "explain_bonus_deducted": ("扣减 = 基数 {base} × {grade}扣减比例 {rate} = {exact}，保留到分为 {deducted} 元", "deducted = base {base} × the {grade} rate {rate} = {exact}, to the fen {deducted}"),
    "explain_bonus_not_deducted": ("{grade}不扣减（扣减比例 0）", "{grade}: nothing deducted (rate 0)"),
    "explain_bonus_award_exact": ("补增 = 扣减合计 {total} × 本人 {weight} ÷ 受补人员合计 {weights}（{split}）= {exact} 元", "awarded = deducted total {total} × {weight} ÷ the recipients' {weights} ({split}) = {exact}"),
    "explain_bonus_returned": ("没有{groups}人员可补：扣减合计 {total} 元按基数退回未被扣减（都被扣减时扣减最少）的人员", "nobody is {groups}: the deducted {total} goes back, by base, to those not deducted (or deducted least)"),
    "explain_bonus_no_award": ("扣减的金额补给{to}，本人不在其中：补增 0", "the deducted money went to {to}: nothing awarded here"),
    "explain_bonus_amount": ("金额 = 基数 {base} − 扣减 {deducted} + 补增 {awarded} = {amount} 元", "amount = base {base} − deducted {deducted} + awarded {awarded} = {amount}"),
    "explain_indicator_row": ("序号 {id}，{name}：类别 {category}，分值 {points}，责任科室 {department}", "序号 {id}, {name}: {category}, points {points}, department {department}"),
    "explain_indicator_row_unnumbered": ("{name}（无序号）：类别 {category}，分值 {points}，责任科室 {department}", "{name} (no 序号): {category}, points {points}, department {department}"),
    "explain_indicator_grade": ("完成等次 {grade}：得分比例范围 {low}%–{high}%", "grade {grade}: band {low}%–{high}%"),
    "explain_indicator_score_typed": ("填写的得分 {exact}", "typed score {exact}"),
    "explain_indicator_ratio_typed": ("填写的得分率 {ratio}% × 分值 {points} = {exact}", "typed 得分率 {ratio}% × points {points} = {exact}"),
    "explain_indicator_default": ("未填得分或得分率，按默认比例 {percent}% × 分值 {points} = {exact}（unit.band_default）", "no score or 得分率: the default {percent}% × points {points} = {exact} (unit.band_default)"),
    "explain_indicator_rounded": ("保留 {places} 位小数：得分 {score}（在档位范围内）", "to {places} places: score {score} (inside the band)"),
    "explain_indicator_clamped": ("{exact} 保留 {places} 位小数后超出档位范围，取档位内最近的 {score}", "{exact} rounded to {places} places falls outside the band: the nearest inside, {score}"),
    "explain_indicator_lost": ("失分 = 分值 {points} − 得分 {score} = {lost}", "lost = points {points} − score {score} = {lost}"),
    "explain_indicator_adjust_score": ("填写的分数 {exact}，计 {amount}", "typed {exact}: {amount} counts"),
    "explain_indicator_adjust_ratio": ("得分率 × 分值 = {exact}，计 {amount}", "得分率 × points = {exact}: {amount} counts"),
    "explain_indicator_adjust_points": ("未填得分，按分值 {exact} 计 {amount}", "no score: the points {exact}, {amount} counts"),
    "explain_category_capped": ("{category}合计 {raw} 超过上限 {cap}，按 {cap} 计", "{category} add up to {raw}, above the cap {cap}: {cap} counts"),
    "explain_category": ("计入{category}小计：{score} / {points}", "feeds the {category} subtotal: {score} / {points}"),
    "explain_department": ("计入责任科室 {department} 小计：{score} / {points}", "feeds department {department}: {score} / {points}"),
    "explain_unit_total": ("单位总分 {total} / {max}，年度等次：{level}", "unit total {total} / {max}, level {level}"),
    "explain_charged_owner": ("因个人原因失分：责任人 {name} 扣 {deduction} 分", "lost through personal fault: 责任人 {name}, deduction {deduction}"),
    "explain_charged_leader": ("责任领导 {name} 连带扣 {deduction} 分", "责任领导 {name}, joint deduction {deduction}"),
    "cmd_demo": ("演示：把示例单位（虚构数据）复制到新文件夹，依次运行 score、appraise、bonus", "copy the example unit (invented data) into a new folder and run score, appraise and bonus on it"),
    "cmd_demo_more": ("-o 也可指定文件夹；--policy 替换示例的 jxkh.toml。", "-o names the folder too; --policy replaces the example's jxkh.toml."),
    # Arguments and options: `param_<command>_<name>`, else `param_<name>`; `metavar_…` likewise.
    "param_indicators_file": ("指标表（默认：当前文件夹的 indicators.xlsx）", "indicators workbook (default: ./indicators.xlsx)"),
    "param_ratings_file": ("民主测评表，或每位测评人一个文件的文件夹（默认：当前文件夹的 ratings.xlsx）", "ratings workbook, or a folder of one file per rater (default: ./ratings.xlsx)"),
    "param_appraise_roster": ("人员名单工作簿（默认：测评表的“人员”工作表，或文件夹中的人员文件）", "roster workbook (default: the ratings' 人员 sheet, or the folder's 人员 file)"),
    "param_bonus_roster": ("人员名单工作簿（默认：测评表的“人员”工作表，或文件夹中的人员文件）", "roster workbook (default: the ratings' 人员 sheet, or the folder's 人员 file)"),
    "param_check_file": ("要检查的工作簿（指标表或测评表）", "the workbook to check (indicators or ratings)"),
    "param_kind": ("indicators 单位指标评分表，ratings 民主测评表（含人员表），或 ledger 目标工作台账", "indicators (unit indicators), ratings (ballots, with the 人员 roster) or ledger (the monthly 台账)"),
    "param_init_preset": ("按规定写 jxkh.toml：岩联2015（默认）、事业单位2023、公务员2007、公务员2020", "write jxkh.toml for a rule book: yanlian2015 (the default), shiye2023, gwy2007 or gwy2020 (or their Chinese names)"),
    "param_init_folder": ("工作目录，不存在时自动创建（默认：当前文件夹）", "workspace folder, created if missing (default: the current folder)"),
    "param_demo_folder": ("新的（或空的）文件夹（默认：jxkh-demo）", "a new (or empty) folder (default: jxkh-demo)"),
    "param_unit": ("单位名称，写入标题和公示落款，如 某县司法局（不写则为“本单位”）", "the unit's name, for the titles and the 公示's signature (default: 本单位)"),
    "param_year": ("考核年度，写入标题，如 2015", "the year appraised, for the titles, e.g. 2015"),
    "param_start": ("公示开始日期，如 2016-04-20；结束日期按 jxkh.toml 中公示期的工作日数（跳过周末）计算", "first day of the 公示, e.g. 2016-04-20; it ends after [notice] days working days (weekends skipped)"),
    "param_pdf": ("同时生成同名 PDF，用于打印和张贴（需要 LibreOffice）", "also write the output as a PDF beside it, to print and post (needs LibreOffice)"),
    "param_pool": ("绩效奖金总额（元），如 50000", "the bonus pool in yuan, e.g. 50000"),
    "param_demo_pool": ("示例的奖金总额（元，默认 50000）", "the example's bonus pool in yuan (default 50000)"),
    "param_roster": ("人员名单（含“人员”工作表的工作簿；默认：与指标表同一文件夹的 ratings.xlsx）", "roster workbook with a 人员 sheet (default: ratings.xlsx beside the indicators workbook, when present)"),
    "param_ledger_file": ("目标工作台账（默认：当前文件夹的 台账.xlsx）", "the monthly ledger (default: ./台账.xlsx)"),
    "param_month": ("汇报月份 1–12（默认：台账中最近的月份）", "the month to report, 1–12 (default: the latest in the ledger)"),
    "param_ledger_indicators": ("指标表，据此核对指标、科室、分值和完成时限（默认：与台账同一文件夹的 indicators.xlsx）", "indicators workbook for the indicators, departments, points and deadlines (default: indicators.xlsx beside the ledger)"),
    "param_policy": ("政策文件（默认：输入文件所在文件夹的 jxkh.toml，没有则用内置政策）", "policy file (default: the jxkh.toml beside the input, else the built-in policy)"),
    "param_ledger": ("目标工作台账，引用其完成情况和佐证材料（默认：与指标表同一文件夹的 台账.xlsx）", "the monthly ledger to quote what was done and the evidence from (default: 台账.xlsx beside the indicators workbook)"),
    "param_assessed": ("市绩效办反馈的核定结果（含序号或指标名称、核定得分）", "the city office's returned assessment (number or name, and assessed score)"),
    "param_report_output": ("输出文件（.docx）", "output document (.docx)"),
    "param_output": ("输出文件（.xlsx）", "output workbook (.xlsx)"),
    "param_force": ("覆盖已存在的、并非 jxkh 生成的输出文件", "replace an existing output file that jxkh did not write"),
    "param_json": ("在标准输出打印 JSON 结果", "print the result as JSON on stdout"),
    "param_lang": ("消息语言：zh 中文（默认）或 en 英文；也可设环境变量 JXKH_LANG", "message language: zh (default) or en; also the JXKH_LANG environment variable"),
    "param_indicators": ("指标表，据此计入责任扣分（默认：与输入文件同一文件夹的 indicators.xlsx）", "indicators workbook for the accountability deductions (default: indicators.xlsx beside the input)"),
    "param_help": ("显示本帮助并退出", "show this help and exit"),
    "param_version": ("显示版本号并退出", "show the version and exit"),
    "param_install_completion": ("为当前终端安装命令补全（按 Tab 键补全命令和选项）", "install Tab completion for the current shell"),
    "param_show_completion": ("显示当前终端的命令补全脚本", "show the completion script for the current shell"),
    "metavar_indicators_file": ("指标表", "INDICATORS"),
    "metavar_ratings_file": ("测评表", "RATINGS"),
    "metavar_check_file": ("工作簿", "FILE"),
    "metavar_kind": ("种类", "KIND"),
    "metavar_old": ("原结果", "OLD"),
    "metavar_new": ("新结果", "NEW"),
    "metavar_preset": ("预设", "PRESET"),
    "metavar_folder": ("文件夹", "FOLDER"),
    "metavar_pool": ("金额", "AMOUNT"),
    "metavar_start": ("日期", "DATE"),
    "metavar_unit": ("单位名称", "NAME"),
    "metavar_year": ("年度", "YEAR"),
    "metavar_roster": ("文件", "FILE"),
    "metavar_ledger_file": ("台账", "LEDGER"),
    "metavar_month": ("月份", "MONTH"),
    "metavar_ledger": ("台账", "LEDGER"),
    "metavar_assessed": ("文件", "FILE"),
    "metavar_policy": ("文件", "FILE"),
    "metavar_output": ("文件", "FILE"),
    "metavar_indicators": ("文件", "FILE"),
    "metavar_lang": ("zh|en", "zh|en"),
    # The grading rules (rules.standing, rules.quota): why a grade changed
    "rule_sanction": ("处分/组织处理：{measure}（{since}年度）", "sanction: {measure} ({since})"),
    "rule_probation": ("试用期内", "on probation"),
    "rule_new_hire": ("{hired}入职，本年度在本单位 {months} 个月，不满 {limit} 个月", "hired {hired}: {months} months in the unit this year, under {limit}"),
    "rule_leave": ("病事假 {months} 个月，超过 {limit} 个月", "{months} months of sick/personal leave, over {limit}"),
    "rule_investigation": ("正在立案审查调查", "under investigation (立案审查)"),
    "rule_violation": ("违纪违法", "law/discipline violation"),
    "rule_prior_cap": ("上年度考核等次为{prior}", "last year's grade was {prior}"),
    "rule_min_valid": ("有效票 {count} 张，少于 {least} 张", "{count} valid ballots, fewer than {least}"),
    "rule_quota": ("{pool}优秀名额已满（最多 {allowed} 人）", "{pool}优秀 places taken (at most {allowed})"),
    "rule_quota_tie": ("优秀名额边界同分（{score} 分），单位确认由他人获得", "tied for the last 优秀 place ({score}); the unit gave it to another"),
    "rule_quota_declined": ("单位研究决定不评为优秀（优秀确认：否）", "the unit decided against 优秀 (优秀确认 否)"),
    "effect_cap": ("最高为{grade}", "at most {grade}"),
    "effect_force": ("评为{grade}", "graded {grade}"),
    "effect_demote": ("评为{grade}", "graded {grade}"),
    # A policy value pydantic refused, by pydantic's error type (`policy.policy_from_dict`);
    # placeholders are the error's context. Every type the Policy model can raise is here.
    "policy_decimal_parsing": ("应为数字", "must be a number"),
    "policy_date_type": ("应为日期，如 2016-04-20", "must be a date such as 2016-04-20"),
    "policy_date_parsing": ("应为日期，如 2016-04-20", "must be a date such as 2016-04-20"),
    "policy_date_from_datetime_parsing": ("应为日期，如 2016-04-20", "must be a date such as 2016-04-20"),
    "policy_date_from_datetime_inexact": ("应为日期，不带时间，如 2016-04-20", "must be a date without a time, such as 2016-04-20"),
    "policy_decimal_type": ("应为数字", "must be a number"),
    "policy_finite_number": ("应为有限的数字", "must be a finite number"),
    "policy_int_type": ("应为整数", "must be a whole number"),
    "policy_bool_type": ("应为 true 或 false", "must be true or false"),
    "policy_bool_parsing": ("应为 true 或 false", "must be true or false"),
    "policy_int_parsing": ("应为整数", "must be a whole number"),
    "policy_int_from_float": ("应为整数，不能有小数", "must be a whole number, without a fraction"),
    "policy_greater_than": ("应大于 {gt}", "must be greater than {gt}"),
    "policy_greater_than_equal": ("应不小于 {ge}", "must be at least {ge}"),
    "policy_less_than": ("应小于 {lt}", "must be less than {lt}"),
    "policy_less_than_equal": ("应不大于 {le}", "must be at most {le}"),
    "policy_literal_error": ("应为 {expected} 之一", "must be one of {expected}"),
    "policy_string_type": ("应为文字（加英文引号）", "must be text (in quotes)"),
    "policy_not_regular": ("不是普通文件（如管道或设备），请给出 .toml 文件", "not a regular file (a pipe or device); give a .toml file"),
    "policy_too_large": ("文件超过 {mb} MB，不是政策文件", "over {mb} MB: not a policy file"),
    "policy_is_folder": ("这是一个文件夹，不是 .toml 文件", "a folder, not a .toml file"),
    "policy_unknown_encoding": ("无法识别的编码", "an unrecognised encoding"),
    "policy_dict_type": ("应为一个表（如 [staff.dimensions] 下逐项填写）", "must be a table (e.g. its own [section])"),
    "policy_model_type": ("应为一个表（如 [unit] 下逐项填写）", "must be a table (e.g. its own [section])"),
    "policy_list_type": ("应为列表，如 [\"优秀\", \"良好\"]", "must be a list, e.g. [\"优秀\", \"良好\"]"),
    "policy_tuple_type": ("应为两个数的列表，如 [0.8, 1]", "must be a list of two numbers, e.g. [0.8, 1]"),
    "policy_too_short": ("应有 {min_length} 项，只有 {actual_length} 项", "must have {min_length} items, not {actual_length}"),
    "policy_too_long": ("最多 {max_length} 项，实际 {actual_length} 项", "must have at most {max_length} items, not {actual_length}"),
    "policy_missing": ("缺少必填值", "a value is required"),
    "policy_extra_forbidden": ("未知的设置项，请检查拼写", "unknown key; check its spelling"),
    "policy_unknown": ("值无效", "invalid value"),
}


@dataclass(frozen=True)
class Phrase:
    """A TEXT entry passed as a problem parameter (e.g. `{action}`), shown in the message's
    language; `params` fill its placeholders."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "zh") -> str:
        return text(self.key, lang, **dict(self.params))


@dataclass(frozen=True)
class Bilingual:
    """A problem parameter already in both languages (a policy check's own “中文 / English”)."""

    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def text(key: str, lang: str = "zh", **params: object) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def accountability_line(indicators: object | None, warnings: Iterable[object] = (), lang: str = "zh") -> str:
    """Whether accountability deductions were applied, in one line (appraise, bonus, check and their
    outputs): not when no indicators workbook was used, nor when it is not filled in yet or has no
    个人原因 column."""
    if indicators is None:
        return text("accountability_none", lang)
    codes = {getattr(w, "code", None) for w in warnings}
    if Code.INDICATORS_NOT_FILLED in codes:
        return text("accountability_not_filled", lang, path=indicators)
    if Code.NO_FAULT_COLUMN in codes:
        return text("accountability_no_column", lang, path=indicators)
    return text("accountability_applied", lang, path=indicators)
