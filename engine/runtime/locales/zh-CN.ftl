# hallpolicy 的中文消息目录（默认语言）。每条消息的标识即其代码，参数见 engine/runtime/MESSAGES.md。
# 用语依照种子法规：办结时限、一次性告知、补正、中止/恢复、延期、责任追究。

## 计量单位与形式

unit-working_days = 个工作日
unit-calendar_days = 日
unit-months = 个月
unit-hours = 小时
unit-minutes = 分钟
form-oral = 口头
form-written = 书面
form-platform = 系统平台
form-receipt = 书面凭证
list-comma = 、
list-and = 、
list-semicolon = ；
list-or = 或

## 应履行的义务

duty-none = 无
duty-do = 办理{ $events }
duty-do-matching = 办理{ $events }（{ $field }为{ $value }）
duty-notice-all = 以{ $event }一次性告知所缺全部材料：{ $materials }
duty-record = 办理{ $event }
duty-record-stating = 办理{ $event }，载明{ $fields }
duty-record-in-form = 以{ $forms }形式办理{ $event }
duty-record-stating-in-form = 以{ $forms }形式办理{ $event }，载明{ $fields }

## 时限与计时规则

deadline-before-event = 应在{ $event }（{ $at }）之前完成
deadline-before-event-pending = 应在{ $event }之前完成，{ $event }尚未发生
deadline-same-visit = 应当场办结
deadline-applicant-delay = 计时规则八：因申请人原因延误（{ $event }，{ $at }），视为按时办结
deadline-late = { $event }于{ $at }办理，已超过办结时限（{ $due }届满）
deadline-stopped-since = 自{ $since }起计时中止，尚未恢复
deadline-not-done = 至{ $due }未{ $events }
clock-start-next-day = 计时规则一：{ $event }当日不计入办理时限，自次日起计算
clock-start-on-the-clock = 以{ $unit }计的时限，自{ $event }（{ $at }）起连续计算
clock-start-after-supplement = 计时规则二：申请人已补正材料（{ $event }，{ $at }），自补正次日起计算
clock-start-notice-failed = 未适用计时规则二：未依规定一次性告知（{ $rule }），时限自{ $event }起计算（《中华人民共和国行政许可法》第三十二条）
clock-provisional = 暂定：计算涉及{ $year }年，工作日表“{ $calendar }”（{ $first }—{ $last }年）未覆盖该年，仅按周末休息计算

## 形式与内容

fault-wrong-form = { $event }采用{ $given }形式，规定应采用{ $required }形式
fault-no-form = { $event }未记录形式，规定应采用{ $required }形式
fault-unstated = { $event }未载明{ $fields }

## 一次性告知

notice-missing = { $event }时缺少：{ $materials }
notice-omitted = 告知遗漏了{ $materials }
notice-late = 告知于{ $at }作出，晚于{ $due }
notice-none = 至{ $due }未{ $event }
notice-repeated = { $at }再次告知要求补正{ $materials }，该材料首次告知时已缺

## 禁止行为

forbid-event = { $at }发生{ $event }
forbid-found-phrase = { $field }含有{ $phrase }
forbid-found-number = { $field }为{ $value }（{ $op } { $bound }）
forbid-after = 发生在{ $event }（{ $at }）之后

## 延期（计时规则七）

extension-counted = 经{ $event }延期至{ $until }（计时规则七）
extension-not-counted = 延期不予计入（计时规则七）
extension-approved = 经{ $approver }批准，并在原时限届满前告知申请人
extension-approved-late = 延期于{ $at }批准，原时限已届满
extension-no-until = 批准未载明{ $field }
extension-no-notice = 未向申请人{ $event }
extension-notice-late = { $event }于{ $at }作出，原时限已届满
extension-notice-short = { $event }于{ $day }作出，距时限最后一日{ $last_day }不足{ $amount }{ $unit }

## 责任追究

penalty-overdue = 逾期{ $late }{ $unit }，达到{ $amount }{ $bound_unit }
penalty-fact = { $fact }为{ $value }
penalty-repeated = 本次评估中同一责任追究档次下已有{ $count }次违规，达到{ $at_least }次
penalty-no-rungs = 规定未列明处理档次，由有权机关依其所引规定决定
penalty-no-criterion = 规定未明确适用条件，由有权机关在所列档次内决定

## 文本报告（hall eval 的文字输出）

status-met = 已履行
status-pending = 待履行
status-breached = 已违反
warning-green = 绿灯
warning-yellow = 黄灯
warning-red = 红灯
text-heading = { $hall }（政策版本 { $version }）— { $kind } { $subject }，截至 { $as_of }
text-provisional = 暂定：部分日期超出工作日表的年份，仅按周末休息计算
text-obligations = 义务（{ $count } 项）：
text-actor-person = { $actor }（{ $person }）
text-duty = 职责：{ $duty }；责任人：{ $who }
text-due = 时限：{ $due }
text-forms = 形式：{ $forms }
text-done = 办理：{ $at }
text-next-change = 状态将于 { $at } 变化
text-why = 说明：{ $why }
text-cites = 依据：{ $citation }
text-violations = 违规（{ $count } 项）：
text-violation = { $title }：{ $what }（违规时间 { $at }）
text-violation-by = 责任人：{ $who }；依据：{ $citation }
text-penalty-rung = 责任追究：{ $rung }（{ $basis }；{ $citation }）
text-penalty-person = 责任追究：由有权机关决定（{ $basis }；{ $citation }）
text-penalty-range = 责任追究：由有权机关在 { $range } 中决定（{ $basis }；{ $citation }）
text-clocks = 计时：
text-clock = { $rule }：{ $limit }，起算日 { $start }（第 { $event } 个事件），{ $due }，已用 { $used }，{ $left }
text-clock-due = { $due } 届满
text-clock-no-due = 计时中止，暂无届满时间
text-clock-left = 剩余 { $amount }
text-clock-overdue = 逾期 { $amount }
text-clock-stopped = 【中止】
text-clock-provisional = 【暂定】
text-stop = 中止 { $from } 至 { $to }（不计 { $excluded }）
text-stop-open = 尚未恢复
text-extension = 延期至 { $until }：{ $verdict }（{ $reason }）
text-extension-counted = 计入
text-extension-not-counted = 不计入

## 案件的拒收理由（案件数据有误时，连同字段路径一并返回）

case-refused = 案件数据有误：{ $reason }
case-refused-at = 案件数据有误（{ $path }）：{ $reason }
case-not-utf8 = 不是有效的 UTF-8 文本：前 { $index } 个字节之后有 { $length } 个字节无效
case-not-utf8-incomplete = 不是有效的 UTF-8 文本：前 { $index } 个字节之后的字节序列不完整
case-not-json = 不是有效的 JSON：第 { $line } 行第 { $column } 列（{ $detail }）
case-not-json-anywhere = 不是有效的 JSON（{ $detail }）
case-not-object = 案件须为 JSON 对象
case-must-be-object = 须为对象
case-must-be-array = 须为数组
case-event-not-object = 每个事件须为对象
case-must-be-string = 须为字符串
case-must-be-actor = 须为字符串，写明由谁办理
case-must-be-staff = 须为字符串，写明工作人员
case-must-be-number = 须为数字
case-must-be-finite-number = 须为有限的数字
case-must-be-bool = 须为 true 或 false
case-must-be-date = 须为日期字符串，例如“2026-05-06”
case-must-be-datetime = 须为日期时间字符串，例如“2026-05-06T09:30:00+08:00”
case-must-be-form = 须为形式名称
case-must-be-material = 须为字符串，写明材料名称
case-must-be-materials = 须为材料名称的数组
case-must-be-matter = 须为字符串，写明事项名称
case-missing = 缺少此项
case-repeated = 重复给出
case-as-of-missing = 缺少截至时间：案件须给出 as_of，或在调用时传入
case-unknown-field = 未知字段{ $field }；此处可用：{ $allowed }
case-unknown-kind = 未知种类{ $kind }；本政策规定的种类：{ $known }
case-unknown-fact = 种类{ $kind }没有事实{ $fact }；它的事实：{ $known }
case-fact-missing = 缺少此项：种类{ $kind }须有这一事实
case-unknown-event = 种类{ $kind }没有事件{ $event }；它的事件：{ $known }
case-unknown-event-field = 事件{ $event }没有字段{ $field }；它的字段：{ $known }
case-event-field-missing = 缺少此项：事件{ $event }须有这一字段
case-event-after-as-of = { $at } 晚于截至时间 { $as_of }；案件只记载已经发生的事
case-events-out-of-order = 事件顺序颠倒：{ $at } 早于前一事件 { $previous } 的 { $previous_at }
case-unknown-form = 未知形式{ $form }；须为{ $known }
case-unknown-matter = 未知事项{ $matter }；本政策规定的事项：{ $known }
case-not-a-choice = { $value }不在可选值之列：{ $choices }
case-not-datetime = { $text }不是日期时间，应形如“2026-05-06T09:30:00+08:00”
case-not-date = { $text }不是日期，应形如“2026-05-06”
case-year-zero = { $day }不是历法中的日子：年份从 0001 起
case-no-such-day = { $day }不是历法中的日子
case-unknown-lang = 没有语言{ $lang }的消息目录：可用 zh（中文，默认）或 en
case-no-policy = 本组件中没有可用的政策：{ $detail }
