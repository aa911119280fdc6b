<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalQueueModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案编号</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>{0} — {1} items, {2} yuan; {3} ticked; {4} of your own, for others to decide</source>
        <translation>{0} — 共 {1} 项，{2} 元；已勾选 {3} 项；其中本人经办 {4} 项，须由他人办理</translation>
    </message>
    <message>
        <source>{0} — {1} items, {2} yuan; {3} ticked</source>
        <translation>{0} — 共 {1} 项，{2} 元；已勾选 {3} 项</translation>
    </message>
    <message>
        <source>In notice until {0}</source>
        <translation>公示至 {0}</translation>
    </message>
</context>
<context>
    <name>ApprovalScreen</name>
    <message>
        <source>Approval</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Name or file number</source>
        <translation>姓名或档案号</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Shows full ID and phone numbers in the queue; each time is recorded in the audit log.</source>
        <translation>在审批队列中显示完整的身份证号和手机号；每次查看都记入审计日志。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the queue again (others may have acted on items since)</source>
        <translation>重新读取队列（其他人可能已办理了其中的名单项）</translation>
    </message>
    <message>
        <source>Tick all in this campaign</source>
        <translation>勾选本活动全部</translation>
    </message>
    <message>
        <source>Tick all shown</source>
        <translation>勾选显示的全部</translation>
    </message>
    <message>
        <source>Clear ticks</source>
        <translation>取消勾选</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <source>Pass first review</source>
        <translation>初审通过</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>不予批准…</translation>
    </message>
    <message>
        <source>&lt;p&gt;Choose an item to see its file and history.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一个名单项，查看其档案摘要和流转记录。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部活动</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部困难类别</translation>
    </message>
    <message>
        <source>Waiting for you: {0}</source>
        <translation>待您办理：{0}</translation>
    </message>
    <message>
        <source>Your role has no items to decide here.</source>
        <translation>您的角色在此没有需要办理的名单项。</translation>
    </message>
    <message>
        <source>Reading the queue…</source>
        <translation>正在读取队列…</translation>
    </message>
    <message>
        <source>{0} items in {1} campaigns, {2} of them your own (greyed: another colleague decides them)</source>
        <translation>{1} 个活动，共 {0} 项，其中本人经办 {2} 项（灰色，须由他人办理）</translation>
    </message>
    <message>
        <source>{0} items in {1} campaigns</source>
        <translation>{1} 个活动，共 {0} 项</translation>
    </message>
    <message>
        <source>&lt;p&gt;Nothing waits for you under this filter.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在当前筛选条件下，没有待您办理的名单项。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;{1} items waiting, {2} yuan in all: {3}.&lt;/p&gt;&lt;p&gt;Tick the campaign's box to tick all its items.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;待办 {1} 项，合计 {2} 元：{3}。&lt;/p&gt;&lt;p&gt;勾选活动一行的复选框即勾选该活动的全部名单项。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{0} items ticked, {1} yuan</source>
        <translation>已勾选 {0} 项，合计 {1} 元</translation>
    </message>
    <message>
        <source> — no action here suits them all: choose one state in the filter</source>
        <translation>——所勾选的项没有共同可办的操作，请在筛选中选定一种状态</translation>
    </message>
    <message>
        <source>Return to the clerk</source>
        <translation>退回经办人</translation>
    </message>
    <message>
        <source>Why are these {0} items returned? The clerk reads it and corrects the proposal.</source>
        <translation>请填写退回这 {0} 项的理由，经办人将据此修改后重新提交。</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不予批准</translation>
    </message>
    <message>
        <source>Why are these {0} items not approved? The reason is kept with each item.</source>
        <translation>请填写这 {0} 项不予批准的理由，理由将记入每一项的流转记录。</translation>
    </message>
    <message>
        <source>Approve {0} items, {1} yuan in all? Approved items go to payout.</source>
        <translation>审批通过这 {0} 项，合计 {1} 元？通过后即可发放。</translation>
    </message>
    <message>
        <source>Recording the decision for {0} items…</source>
        <translation>正在办理 {0} 项…</translation>
    </message>
    <message>
        <source> {0} refused items are still ticked, unchanged.</source>
        <translation>被拒绝的 {0} 项未作改动，仍保持勾选。</translation>
    </message>
</context>
<context>
    <name>AttachmentsTab</name>
    <message>
        <source>Save the file first; then add its scans.</source>
        <translation>请先保存档案，再添加扫描件。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Add a scan or photo</source>
        <translation>添加扫描件或照片</translation>
    </message>
    <message>
        <source>Adding “{0}” to the file…</source>
        <translation>正在把“{0}”添加到档案…</translation>
    </message>
    <message>
        <source>Remove the attachment “{0}” ({1}) from this file? It is no longer listed; the History tab keeps a record of it and the stored copy stays in backups.</source>
        <translation>从本档案删除附件“{0}”（{1}）？删除后不再列出；“历史”中留有记录，已存的文件仍在备份里。</translation>
    </message>
    <message>
        <source>Scans and photos (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.bmp);;All files (*)</source>
        <translation>扫描件和照片 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.bmp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Remove attachment</source>
        <translation>删除附件</translation>
    </message>
    <message>
        <source>Attachment “{0}” removed.</source>
        <translation>附件“{0}”已删除。</translation>
    </message>
    <message>
        <source>Replace “{0}” with</source>
        <translation>用哪个文件替换“{0}”</translation>
    </message>
    <message>
        <source>“{0}” replaced by “{1}”.</source>
        <translation>已用“{1}”替换“{0}”。</translation>
    </message>
    <message>
        <source>Replacing “{0}”…</source>
        <translation>正在替换“{0}”…</translation>
    </message>
    <message>
        <source>The stored copy of “{0}” is missing or was changed since it was added; it cannot be opened. Restore it from a backup.</source>
        <translation>附件“{0}”的存档文件丢失或在添加后被改动，无法打开。请从备份恢复。</translation>
    </message>
</context>
<context>
    <name>BackupPassphraseDialog</name>
    <message>
        <source>Backup passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>再输一遍口令</translation>
    </message>
    <message>
        <source>The backup of the database and all attachments is encrypted with this passphrase and written to {0}. The passphrase is not stored anywhere: without it the backup cannot be restored. Write it down and keep it apart from the stick (at least {1} characters).</source>
        <translation>数据库和全部附件用这个口令加密后备份到 {0}。口令不保存在任何地方：没有口令，备份就无法恢复。请把口令记下来，和U盘分开保管（至少 {1} 个字符）。</translation>
    </message>
    <message>
        <source>Type the passphrase that was set when the backup {0} was made.</source>
        <translation>请输入做备份 {0} 时设置的口令。</translation>
    </message>
    <message>
        <source>The passphrase must have at least {0} characters.</source>
        <translation>口令至少要 {0} 个字符。</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same passphrase twice.</source>
        <translation>两次输入的口令不一样，请输入同一个口令两次。</translation>
    </message>
</context>
<context>
    <name>BackupsTab</name>
    <message>
        <source>The data is on a database server (PostgreSQL): backups are the server's job; ask its administrator.</source>
        <translation>数据保存在数据库服务器（PostgreSQL）上，备份由服务器负责，请联系服务器管理员。</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>An automatic backup is taken every day the program is used; the newest ones are kept (the setting "automatic backups kept" in Parameters); a backup taken with "Back up now" is never deleted automatically. These backups are kept in {0}, unencrypted, and hold the database only (the attachments stay in their folder on this computer): never copy them to a stick.
"Back up to a USB stick" writes one encrypted file with the database and all attachments, read back and checked; keep its passphrase apart from the stick. "Restore from a backup…" closes the window, puts the chosen backup in place (the current file is kept aside) and opens the sign-in again (a damaged database offers it at start).</source>
        <translation>每天使用程序时自动备份一次，保留最近的若干份（“参数”中的“自动备份保留份数”）；用“立即备份”做的备份不会被自动删除。这些备份存放在 {0}，没有加密，只含数据库（附件留在本机的附件文件夹里）：不要拷到U盘上带走。
“备份到U盘（加密）”把数据库和全部附件写成一个加密文件，写完读回核对；口令请与U盘分开保管。“从备份恢复…”会关闭窗口，用选中的备份替换当前数据库（当前文件改名保留），然后回到登录（数据库损坏时，启动时也会提示恢复）。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>good</source>
        <translation>完好</translation>
    </message>
    <message>
        <source>damaged: {0}</source>
        <translation>损坏：{0}</translation>
    </message>
    <message>
        <source>Taken at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>档案数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Backup taken: {0} ({1} files).</source>
        <translation>已备份：{0}（档案 {1} 户）。</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>The window closes and the database is closed; then you choose the backup. The current database file is kept aside, not deleted. Afterwards the program opens the sign-in again, on the restored database. Unsaved work in open windows is lost. Go on?</source>
        <translation>将关闭本窗口和数据库，然后请选择用来恢复的备份。当前的数据库文件会改名保留，不会删除。恢复后程序回到登录，打开恢复后的数据库。其他窗口中尚未保存的内容将丢失。是否继续？</translation>
    </message>
    <message>
        <source>Choose the USB stick or a folder</source>
        <translation>选择U盘或文件夹</translation>
    </message>
    <message>
        <source>Writing the encrypted backup to {0}…</source>
        <translation>正在把加密备份写入 {0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Encrypted backup written and checked: {0}
{1} files, {2} attachments, {3:.1f} MB. Keep the passphrase apart from the stick: without it the backup cannot be restored.</source>
        <translation>加密备份已写入并读回核对无误：{0}
档案 {1} 户，附件 {2} 个，{3:.1f} MB。请把口令与U盘分开保管：没有口令，备份无法恢复。</translation>
    </message>
</context>
<context>
    <name>CalendarViews</name>
    <message>
        <source>Double-click to plan a visit here</source>
        <translation>双击在此安排走访</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{0} and others, {1} households</source>
        <translation>{0}等{1}户</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>休</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>班</translation>
    </message>
    <message>
        <source>Lunar {0}</source>
        <translation>农历{0}</translation>
    </message>
    <message>
        <source>Public holiday: {0}</source>
        <translation>法定节假日：{0}</translation>
    </message>
    <message>
        <source>Make-up working day</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <source>Holidays of {0} are estimated; check the official notice</source>
        <translation>{0}年节假日为推算，请核对国务院办公厅通知</translation>
    </message>
    <message>
        <source>+{0} more</source>
        <translation>还有{0}项</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>活动期间</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>A winter campaign is named by its new year.</source>
        <translation>跨年的冬季活动按新的一年命名年度。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Total budget (yuan)</source>
        <translation>总预算（元）</translation>
    </message>
    <message>
        <source>Already helped within</source>
        <translation>已帮扶回看期</translation>
    </message>
    <message>
        <source>Households helped within these months are left out unless a reason is recorded.</source>
        <translation>在此期间内已获帮扶的户不列入名单，除非填写再次帮扶的理由。</translation>
    </message>
    <message>
        <source>Public notice</source>
        <translation>公示期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Sub-budgets by category and/or fund source (yuan)</source>
        <translation>分项预算：按困难类别和（或）资金来源（元）</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>添加分项</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>删除分项</translation>
    </message>
    <message>
        <source>Payment standards of this campaign (yuan per household)</source>
        <translation>本活动补助标准（元/户）</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加档次</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>删除档次</translation>
    </message>
    <message>
        <source>Office standards</source>
        <translation>恢复单位标准</translation>
    </message>
    <message>
        <source>Fill in the office's payment standards in force on the start date.</source>
        <translation>按活动开始日执行的单位补助标准重新填入。</translation>
    </message>
    <message>
        <source>Reason for raising a budget</source>
        <translation>提高预算的理由</translation>
    </message>
    <message>
        <source>Only the approver may raise a budget, e.g. extra funds from the county union</source>
        <translation>只有审批人可以提高预算，例如“县总工会追加拨付”</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Fund source</source>
        <translation>资金来源</translation>
    </message>
    <message>
        <source>Budget (yuan)</source>
        <translation>预算（元）</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>帮扶项目</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>档次</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Only the approver (union chair) may raise a budget</source>
        <translation>只有审批人（工会主席）可以提高预算</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Campaign {0} ({1})</source>
        <translation>活动：{0}（{1}）</translation>
    </message>
    <message>
        <source>(any category)</source>
        <translation>（不限类别）</translation>
    </message>
    <message>
        <source>(any source)</source>
        <translation>（不限来源）</translation>
    </message>
    <message>
        <source>Visit quota</source>
        <translation>走访指标</translation>
    </message>
</context>
<context>
    <name>CampaignItemsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案号</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>档次</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Notice ends</source>
        <translation>公示截止</translation>
    </message>
</context>
<context>
    <name>CampaignsScreen</name>
    <message>
        <source>Campaigns</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Campaigns of the office</source>
        <translation>本单位的活动</translation>
    </message>
    <message>
        <source>New campaign…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <source>Edit campaign…</source>
        <translation>修改活动…</translation>
    </message>
    <message>
        <source>Budget: used / reserved / left</source>
        <translation>预算：已发放 / 已占用 / 尚余</translation>
    </message>
    <message>
        <source>Used: paid. Reserved: proposed and not yet paid. Red: overdrawn or less than 5% left.</source>
        <translation>已发放：已确认发放的金额。已占用：已列入名单尚未发放的金额。红色：已超支或余额不足5%。</translation>
    </message>
    <message>
        <source>List of the campaign</source>
        <translation>帮扶名单</translation>
    </message>
    <message>
        <source>Name or file number</source>
        <translation>姓名或档案号</translation>
    </message>
    <message>
        <source>Propose by the rules</source>
        <translation>按规则推荐</translation>
    </message>
    <message>
        <source>Every eligible household in file, at its highest tier, while the budget lasts; those left out are listed with the reason.</source>
        <translation>把所有符合条件的在档户按最高档次列入名单，直到预算用完；未列入的逐户说明原因。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加档案…</translation>
    </message>
    <message>
        <source>Change amount…</source>
        <translation>修改金额…</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Start public notice…</source>
        <translation>发起公示…</translation>
    </message>
    <message>
        <source>Print notice…</source>
        <translation>打印公示…</translation>
    </message>
    <message>
        <source>Record objection…</source>
        <translation>登记异议…</translation>
    </message>
    <message>
        <source>Resolve objection…</source>
        <translation>处理异议…</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Print notice result…</source>
        <translation>打印公示结果…</translation>
    </message>
    <message>
        <source>The names of the notice still on the list, and those removed or sent back for review since, with the reason</source>
        <translation>公示名单中仍在名单的人员，以及此后移出或退回重新审核的人员和原因</translation>
    </message>
    <message>
        <source>Campaign summary…</source>
        <translation>活动总结…</translation>
    </message>
    <message>
        <source>The campaign's figures as paragraphs and tables, to print, or to copy into the office's own report</source>
        <translation>本活动的各项数字，写成总结正文和附表，可打印，也可复制到本单位的总结材料中</translation>
    </message>
    <message>
        <source>Gifts in kind…</source>
        <translation>慰问品…</translation>
    </message>
    <message>
        <source>The campaign's gifts in kind (rice, oil, quilts…): kinds with unit and unit value, and the stock received, handed out and left</source>
        <translation>本活动的慰问品（米、油、棉被等）：种类、单位和单价，以及入库、发放和结存</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Budget (yuan)</source>
        <translation>预算（元）</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>No campaign yet: start with “New campaign…”.</source>
        <translation>还没有活动：请点击“新建活动…”开始。</translation>
    </message>
    <message>
        <source>{0} items shown, {1} yuan</source>
        <translation>显示 {0} 项，合计 {1} 元</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source>notice {0} working days · already helped within {1} months</source>
        <translation>公示 {0} 个工作日 · 已帮扶回看期 {1} 个月</translation>
    </message>
    <message>
        <source>latest notice {0} ({1} items)</source>
        <translation>最近一次公示 {0}（{1} 项）</translation>
    </message>
    <message>
        <source>Budget line</source>
        <translation>预算项</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已发放</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已占用</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>尚余</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项数</translation>
    </message>
    <message>
        <source>Overdrawn or nearly used up</source>
        <translation>已超支或即将用完</translation>
    </message>
    <message>
        <source>Why: {0}</source>
        <translation>理由：{0}</translation>
    </message>
    <message>
        <source>Helped again because: {0}</source>
        <translation>再次帮扶的理由：{0}</translation>
    </message>
    <message>
        <source>{0} items selected, {1} yuan</source>
        <translation>已选 {0} 项，合计 {1} 元</translation>
    </message>
    <message>
        <source>Campaign “{0}” saved.</source>
        <translation>活动“{0}”已保存。</translation>
    </message>
    <message>
        <source>Finding the eligible households…</source>
        <translation>正在按规则查找符合条件的困难户…</translation>
    </message>
    <message>
        <source>Adding {0} households to the list…</source>
        <translation>正在将 {0} 户列入名单…</translation>
    </message>
    <message>
        <source>Writing the notice result…</source>
        <translation>正在生成公示结果…</translation>
    </message>
    <message>
        <source>Notice result paper</source>
        <translation>公示结果</translation>
    </message>
    <message>
        <source>Public notice paper</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>Writing the campaign summary…</source>
        <translation>正在生成活动总结…</translation>
    </message>
    <message>
        <source>Campaign summary</source>
        <translation>活动总结</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Why are these items voided?</source>
        <translation>作废这些名单项的理由：</translation>
    </message>
    <message>
        <source>{0}: {1} items…</source>
        <translation>{0}：{1} 项…</translation>
    </message>
    <message>
        <source>{0}: {1} items done.</source>
        <translation>{0}：已办理 {1} 项。</translation>
    </message>
    <message>
        <source>The item of {0} was changed.</source>
        <translation>{0}的名单项已修改。</translation>
    </message>
    <message>
        <source>Public notice started for {0} items: {1}.</source>
        <translation>已对 {0} 项发起公示：{1}。</translation>
    </message>
    <message>
        <source>Objection resolved: the item is back for review.</source>
        <translation>异议已处理，该项退回待审核。</translation>
    </message>
    <message>
        <source>Objection recorded: the item is suspended.</source>
        <translation>异议已登记，该项暂停办理。</translation>
    </message>
    <message>
        <source>Writing the public notice…</source>
        <translation>正在生成公示…</translation>
    </message>
</context>
<context>
    <name>CountyScreen</name>
    <message>
        <source>Townships</source>
        <translation>乡镇汇总</translation>
    </message>
    <message>
        <source>Import packages…</source>
        <translation>导入报送包…</translation>
    </message>
    <message>
        <source>Choose the townships' packages (.snpkg) on the USB stick; each is decrypted and checked before anything is taken in.</source>
        <translation>选择U盘上各乡镇的报送包（.snpkg）；每个包都先解密、校验，全部通过后才导入。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Flag the chosen finding or entry: the township sees the county's words with its next decisions package.</source>
        <translation>标记选中的问题或其中一条记录：乡镇导入下一个下发包后会看到县总工会的意见。</translation>
    </message>
    <message>
        <source>Flag…</source>
        <translation>标记…</translation>
    </message>
    <message>
        <source>Send decisions…</source>
        <translation>下发决定…</translation>
    </message>
    <message>
        <source>Write one decisions package per township (the county's flags, standards and the attachments it holds) to a USB stick or folder.</source>
        <translation>为每个乡镇各写一个下发包（县总工会的标记、标准及已收到的附件清单），保存到U盘或文件夹。</translation>
    </message>
    <message>
        <source>The townships' data is read-only here: it changes only with their next package.</source>
        <translation>乡镇数据在此只读：只随乡镇下一次报送包更新。</translation>
    </message>
    <message>
        <source>Townships and their latest packages</source>
        <translation>各乡镇及最新报送包</translation>
    </message>
    <message>
        <source>The same ID number in active files of two or more townships.</source>
        <translation>同一身份证号在两个或以上乡镇都有在档档案。</translation>
    </message>
    <message>
        <source>The same person, as head or member of a household, with items in two townships in overlapping campaign periods.</source>
        <translation>同一人（户主或家庭成员）在活动期间重叠的两个乡镇都有帮扶名单项。</translation>
    </message>
    <message>
        <source>Files of one person in several townships whose details disagree.</source>
        <translation>同一人在几个乡镇的档案信息不一致。</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计表</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>统计表：</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>All the tables in one workbook, one sheet each.</source>
        <translation>所有统计表写入一个工作簿，每表一页。</translation>
    </message>
    <message>
        <source>County flags</source>
        <translation>县总工会标记</translation>
    </message>
    <message>
        <source>The county's own flags on the townships' records. They reach each township with its decisions package; a flag is never deleted, only withdrawn.</source>
        <translation>县总工会对各乡镇记录所作的标记，随下发包送达各乡镇；标记不删除，只能撤回。</translation>
    </message>
    <message>
        <source>Withdraw flag…</source>
        <translation>撤回标记…</translation>
    </message>
    <message>
        <source>Confirm a township's final list of a campaign: its count and total go back as one flag.</source>
        <translation>确认某乡镇某次活动的最终名单：户数和金额合计作为一条标记下发。</translation>
    </message>
    <message>
        <source>Confirm final list…</source>
        <translation>确认最终名单…</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Latest package</source>
        <translation>最新包号</translation>
    </message>
    <message>
        <source>Exported at</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>Merged at</source>
        <translation>汇总时间</translation>
    </message>
    <message>
        <source>Active files</source>
        <translation>在档档案</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>档案总数</translation>
    </message>
    <message>
        <source>List items</source>
        <translation>名单项</translation>
    </message>
    <message>
        <source>Approved (yuan)</source>
        <translation>批准金额（元）</translation>
    </message>
    <message>
        <source>Paid (yuan)</source>
        <translation>已发金额（元）</translation>
    </message>
    <message>
        <source>The last package is {0} days old: ask the township for a new one.</source>
        <translation>最新报送包已是 {0} 天前的：请催乡镇重新报送。</translation>
    </message>
    <message>
        <source>No township's package has been imported yet. Choose “Import packages…” and the files on the USB stick.</source>
        <translation>还没有导入任何乡镇的报送包。请点“导入报送包…”，选择U盘上的文件。</translation>
    </message>
    <message>
        <source>Total: {0} townships, {1} active files of {2}, {3} list items, approved {4} yuan, paid {5} yuan.</source>
        <translation>合计：{0} 个乡镇，在档档案 {1} 份（共 {2} 份），名单项 {3} 项，批准 {4} 元，已发 {5} 元。</translation>
    </message>
    <message>
        <source>{0} township(s) sent nothing for more than 35 days (marked).</source>
        <translation>{0} 个乡镇超过 35 天未报送（已用底色标出）。</translation>
    </message>
    <message>
        <source>Duplicate files ({0})</source>
        <translation>重复建档（{0}）</translation>
    </message>
    <message>
        <source>Double payments ({0})</source>
        <translation>重复发放（{0}）</translation>
    </message>
    <message>
        <source>Details differ ({0})</source>
        <translation>信息不一致（{0}）</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>File status</source>
        <translation>档案状态</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Item state</source>
        <translation>名单状态</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>County flag</source>
        <translation>县总工会标记</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>未发现。</translation>
    </message>
    <message>
        <source>county_tables_{0}.xlsx</source>
        <translation>县级统计_{0}.xlsx</translation>
    </message>
    <message>
        <source>Export the county tables</source>
        <translation>导出县级统计表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the county tables…</source>
        <translation>正在写入县级统计表…</translation>
    </message>
    <message>
        <source>The tables were written to {0}.</source>
        <translation>统计表已写入 {0}。</translation>
    </message>
    <message>
        <source>The townships' packages</source>
        <translation>选择乡镇报送包</translation>
    </message>
    <message>
        <source>Packages (*{0})</source>
        <translation>报送包 (*{0})</translation>
    </message>
    <message>
        <source>Importing {0} package(s)…</source>
        <translation>正在导入 {0} 个报送包…</translation>
    </message>
    <message>
        <source>Checking and merging {0} package(s)…</source>
        <translation>正在校验并汇总 {0} 个报送包…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The database was not changed.</source>
        <translation>数据库没有任何改动。</translation>
    </message>
</context>
<context>
    <name>DecisionsPanel</name>
    <message>
        <source>No decisions package imported yet. Standards, final lists and flags on items sent back by the county union are imported here.</source>
        <translation>尚未导入下发包。县总工会下发的标准、最终名单和对名单项的标记在这里导入。</translation>
    </message>
    <message>
        <source>Last decisions package: No. {0:04d} from {1}, exported on {2}, imported by {3}. Flags in force: {4}.</source>
        <translation>最近的下发包：{1}第 {0:04d} 号，{2} 导出，由 {3} 导入。有效标记 {4} 条。</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>What the county says</source>
        <translation>县总工会意见</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Choose the county's decisions package</source>
        <translation>选择县总工会的下发包</translation>
    </message>
    <message>
        <source>Decisions package (*.snpkg)</source>
        <translation>下发包 (*.snpkg)</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>The passphrase of the county's packages:</source>
        <translation>县总工会给的报送/下发包口令：</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>Decisions package No. {0:04d} from {1} was imported before; nothing was changed.</source>
        <translation>{1}第 {0:04d} 号下发包此前已导入，未做任何改动。</translation>
    </message>
    <message>
        <source>Decisions package No. {0:04d} from {1} imported.

Standards now in force: {2}
Flags received: {3} (withdrawn: {4})
Attachments the county has received: {5} (they are not sent again)</source>
        <translation>已导入{1}第 {0:04d} 号下发包。

已生效的标准：{2} 条
收到的标记：{3} 条（已撤回 {4} 条）
县总工会已收到的附件：{5} 个（下次报送不再重复发送）</translation>
    </message>
    <message>
        <source>{0} of this office's own standards of the same date (living standard lines, payment standards or settings) were replaced by the county's.</source>
        <translation>本单位同日生效的 {0} 条标准（低保线、补助标准或参数）已由县总工会的取代。</translation>
    </message>
    <message>
        <source>Decisions imported</source>
        <translation>下发包已导入</translation>
    </message>
</context>
<context>
    <name>DecisionsSentDialog</name>
    <message>
        <source>Decisions packages written</source>
        <translation>下发包已写好</translation>
    </message>
    <message>
        <source>{0} Folder: {1}</source>
        <translation>{0}保存位置：{1}</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记数</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
</context>
<context>
    <name>DibaoDialog</name>
    <message>
        <source>New minimum living standard</source>
        <translation>新增低保线</translation>
    </message>
    <message>
        <source>A new standard applies from its date on. Files judged before that date keep the standard of their time.</source>
        <translation>新低保线自生效日期起适用；此前认定的档案仍按当时的标准。</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <source>Region name</source>
        <translation>地区名称</translation>
    </message>
    <message>
        <source>Urban or rural</source>
        <translation>城市/农村</translation>
    </message>
    <message>
        <source>Yuan per person per month</source>
        <translation>元/人·月</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Urban</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Rural</source>
        <translation>农村</translation>
    </message>
    <message>
        <source>Applies to {0} and to every township, village and file under it that has no standard of its own; a code without one uses its nearest parent's ({1}).</source>
        <translation>适用于 {0} 及其下属没有单独设定低保线的乡镇、村（社区）和档案；没有低保线的代码按最近的上级认定（{1}）。</translation>
    </message>
</context>
<context>
    <name>ExchangeScreen</name>
    <message>
        <source>Send to county</source>
        <translation>报送县总工会</translation>
    </message>
    <message>
        <source>1. Where to write: a USB stick or a folder</source>
        <translation>一、保存到哪里：U盘或文件夹</translation>
    </message>
    <message>
        <source>Drives and mounted volumes that can be written to; USB sticks and other removable drives first.</source>
        <translation>可写入的磁盘和已挂载的卷；U盘等可移动磁盘排在前面（粗体）。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Look for drives again, after plugging in a USB stick.</source>
        <translation>插上U盘后点此重新查找磁盘。</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>3. Passphrase and export</source>
        <translation>三、口令与导出</translation>
    </message>
    <message>
        <source>Passphrase from the county union:</source>
        <translation>县总工会给的口令：</translation>
    </message>
    <message>
        <source>Typed each time and never stored. Keep it apart from the USB stick.</source>
        <translation>每次导出时输入，程序不保存。口令请与U盘分开保管。</translation>
    </message>
    <message>
        <source>Type it again:</source>
        <translation>再输入一遍：</translation>
    </message>
    <message>
        <source>Export package</source>
        <translation>导出报送包</translation>
    </message>
    <message>
        <source>Write the encrypted package to the chosen place, read it back and verify it.</source>
        <translation>把加密的报送包写到选定位置，并读回校验。</translation>
    </message>
    <message>
        <source>2. What will be sent</source>
        <translation>二、将要报送的内容</translation>
    </message>
    <message>
        <source>Packages exported</source>
        <translation>已导出的报送包</translation>
    </message>
    <message>
        <source>Decisions from the county union</source>
        <translation>县总工会下发的决定</translation>
    </message>
    <message>
        <source>Standards, final lists and flags on items sent back by the county union are imported here.</source>
        <translation>县总工会下发的补助标准、最终名单和对名单项的标记，将在这里导入。</translation>
    </message>
    <message>
        <source>Import decisions package…</source>
        <translation>导入下发包…</translation>
    </message>
    <message>
        <source>Exporting is for the clerk or the administrator; you are signed in as {0}.</source>
        <translation>导出报送包需要经办人或管理员角色；当前登录角色：{0}。</translation>
    </message>
    <message>
        <source>Removable</source>
        <translation>可移动磁盘</translation>
    </message>
    <message>
        <source>Local disk</source>
        <translation>本机磁盘</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Free space</source>
        <translation>可用空间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Next package: No. {0:04d}</source>
        <translation>下一个报送包：第 {0:04d} 号</translation>
    </message>
    <message>
        <source>File name: {0}</source>
        <translation>文件名：{0}</translation>
    </message>
    <message>
        <source>Attachments not yet at the county: {0} files, {1}</source>
        <translation>县总工会尚未收到的附件：{0} 个，{1}</translation>
    </message>
    <message>
        <source>Last export: No. {0:04d} on {1}, to {2}</source>
        <translation>上次导出：第 {0:04d} 号，{1}，保存到 {2}</translation>
    </message>
    <message>
        <source>Nothing exported yet.</source>
        <translation>尚未导出过报送包。</translation>
    </message>
    <message>
        <source>Audit log entries</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>条数</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Exported by</source>
        <translation>导出人</translation>
    </message>
    <message>
        <source>Written to</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256 校验值</translation>
    </message>
    <message>
        <source>Where to write the package</source>
        <translation>选择报送包的保存位置</translation>
    </message>
    <message>
        <source>Plug in the USB stick and choose it in the list, or choose a folder.</source>
        <translation>请插入U盘并在列表中选中它，或点“选择文件夹…”。</translation>
    </message>
    <message>
        <source>The package will be written to {0} ({1} free).</source>
        <translation>报送包将保存到 {0}（可用 {1}）。</translation>
    </message>
    <message>
        <source>Type the passphrase the county union gave you.</source>
        <translation>请输入县总工会给的报送包口令。</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type it again in the second line.</source>
        <translation>两次输入的口令不一致，请在第二行重新输入。</translation>
    </message>
    <message>
        <source>Choose where to write first: the USB stick in the list, or a folder.</source>
        <translation>请先选择保存位置：在列表中选中U盘，或点“选择文件夹…”。</translation>
    </message>
    <message>
        <source>Writing the package to {0}…</source>
        <translation>正在把报送包写入 {0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The package was written, read back and verified.

File: {0}
Folder: {1}
Number: {2:04d}
Size: {3}
Rows: {4}, attachments: {5}

Keep the passphrase apart from the USB stick: never write it on the stick or carry them together.</source>
        <translation>报送包已写好，并已读回校验无误。

文件：{0}
位置：{1}
序号：第 {2:04d} 号
大小：{3}
数据：{4} 条，附件 {5} 个

口令请与U盘分开保管：不要写在U盘上，也不要与U盘一起携带。</translation>
    </message>
    <message>
        <source>Package No. {0:04d} written and verified.</source>
        <translation>第 {0:04d} 号报送包已导出并校验无误。</translation>
    </message>
    <message>
        <source>Package exported</source>
        <translation>报送包已导出</translation>
    </message>
</context>
<context>
    <name>FileExitDialog</name>
    <message>
        <source>Exit the file</source>
        <translation>档案退出</translation>
    </message>
    <message>
        <source>An exited file is kept and stays readable, but can no longer be changed or assisted.</source>
        <translation>退出的档案仍然保留、可以查看，但不能再修改，也不能再给予帮扶。</translation>
    </message>
    <message>
        <source>Exit as</source>
        <translation>退出方式</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>退出原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>FileForm</name>
    <message>
        <source>Worker file</source>
        <translation>困难职工档案</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>户主姓名 *</translation>
    </message>
    <message>
        <source>ID number *</source>
        <translation>身份证号 *</translation>
    </message>
    <message>
        <source>18 digits; a 15-digit old number is converted</source>
        <translation>18位；15位旧号码会自动转换</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>from the ID number</source>
        <translation>由身份证号得出</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Household registration</source>
        <translation>户口类型</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <source>administrative division code, e.g. 522622</source>
        <translation>行政区划代码，如 522622</translation>
    </message>
    <message>
        <source>Home address</source>
        <translation>家庭住址</translation>
    </message>
    <message>
        <source>Housing</source>
        <translation>住房类型</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Disability</source>
        <translation>残疾类别</translation>
    </message>
    <message>
        <source>Medical insurance</source>
        <translation>医保状况</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭情况</translation>
    </message>
    <message>
        <source>Single-parent family</source>
        <translation>单亲家庭</translation>
    </message>
    <message>
        <source>No one in the household employed</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <source>Able to help themselves</source>
        <translation>有自救能力</translation>
    </message>
    <message>
        <source>Employment</source>
        <translation>就业</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Employment status</source>
        <translation>工作状态</translation>
    </message>
    <message>
        <source>Worker type</source>
        <translation>职工类型</translation>
    </message>
    <message>
        <source>Model worker</source>
        <translation>劳模类型</translation>
    </message>
    <message>
        <source>Union dues</source>
        <translation>会费</translation>
    </message>
    <message>
        <source>Dues paid up</source>
        <translation>会费已缴</translation>
    </message>
    <message>
        <source>Hardship</source>
        <translation>困难情况</translation>
    </message>
    <message>
        <source>Hardship category *</source>
        <translation>困难类别 *</translation>
    </message>
    <message>
        <source>Head's own monthly income (yuan)</source>
        <translation>户主月收入（元）</translation>
    </message>
    <message>
        <source>0.00</source>
        <translation>0.00</translation>
    </message>
    <message>
        <source>Disaster, accident or illness</source>
        <translation>致困事件日期</translation>
    </message>
    <message>
        <source>On</source>
        <translation>有，日期</translation>
    </message>
    <message>
        <source>Medical costs paid by the household (yuan)</source>
        <translation>医疗自付费用（元）</translation>
    </message>
    <message>
        <source>Disaster loss (yuan)</source>
        <translation>灾害损失（元）</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>困难情况说明</translation>
    </message>
    <message>
        <source>How the household came into hardship, in a few sentences</source>
        <translation>用几句话写明家庭如何致困</translation>
    </message>
    <message>
        <source>Eligibility (by the rules in force today)</source>
        <translation>认定结果（按今天有效的标准）</translation>
    </message>
    <message>
        <source>Save the file to see its eligibility in words.</source>
        <translation>保存档案后在此显示认定结果和理由。</translation>
    </message>
    <message>
        <source>Exclusions that apply</source>
        <translation>排除情形（符合的请勾选）</translation>
    </message>
    <message>
        <source>Household members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>删除成员</translation>
    </message>
    <message>
        <source>Income and expenses</source>
        <translation>收支</translation>
    </message>
    <message>
        <source>Household income other than the monthly incomes of the head and the members (pensions, unemployment benefit, rent, interest, alimony), and rigid expenses (medical, schooling, disability), as yearly amounts.</source>
        <translation>户主和家庭成员月收入以外的家庭收入（养老金、失业金、租金、利息、赡养费/抚养费等）以及刚性支出（医疗、教育、残疾康复等），均按全年金额填写。</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除一行</translation>
    </message>
    <message>
        <source>Causes</source>
        <translation>致困原因</translation>
    </message>
    <message>
        <source>Main cause *</source>
        <translation>主要原因 *</translation>
    </message>
    <message>
        <source>Secondary cause 1</source>
        <translation>次要原因一</translation>
    </message>
    <message>
        <source>Secondary cause 2</source>
        <translation>次要原因二</translation>
    </message>
    <message>
        <source>Secondary cause 3</source>
        <translation>次要原因三</translation>
    </message>
    <message>
        <source>Payout account</source>
        <translation>发放账户</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <source>e.g. 中国农业银行</source>
        <translation>如 中国农业银行</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>支行</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>银行卡号</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Add scan or photo…</source>
        <translation>添加扫描件或照片…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>替换…</translation>
    </message>
    <message>
        <source>Remove attachment…</source>
        <translation>删除附件…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Every change of this file</source>
        <translation>本档案的每一次变更</translation>
    </message>
    <message>
        <source>Assistance the household received</source>
        <translation>本户得到的帮扶</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Annual review</source>
        <translation>年度复核</translation>
    </message>
    <message>
        <source>Exit the file…</source>
        <translation>档案退出…</translation>
    </message>
    <message>
        <source>Print file sheet…</source>
        <translation>打印档案表…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>This file has changes that are not saved. Save them before closing?</source>
        <translation>此档案有未保存的修改。关闭前是否保存？</translation>
    </message>
    <message>
        <source>New worker file</source>
        <translation>新建困难职工档案</translation>
    </message>
    <message>
        <source>{0} (old category)</source>
        <translation>{0}（旧类别）</translation>
    </message>
    <message>
        <source>Worker file {0} — {1}</source>
        <translation>困难职工档案 {0} — {1}</translation>
    </message>
    <message>
        <source>File {0} · {1} · {2} · filed {3} · last reviewed {4}</source>
        <translation>档案 {0} · {1} · {2} · 建档 {3} · 最近复核 {4}</translation>
    </message>
    <message>
        <source>This file exited ({0}, {1}) on {2}; it is kept and can be read, not changed.</source>
        <translation>本档案已于 {2} 退出（{0}，{1}），档案保留，只能查看，不能修改。</translation>
    </message>
    <message>
        <source>ID and card numbers are masked for your role; “Show full numbers” shows them and records that you looked.</source>
        <translation>您的角色看到的身份证号和银行卡号是隐去部分数字的；点“显示完整号码”可查看，查看会记入审计日志。</translation>
    </message>
    <message>
        <source>Only a clerk can change worker files; you can read this one.</source>
        <translation>只有经办人可以修改档案；您可以查看。</translation>
    </message>
    <message>
        <source>A 15-digit old number: converted to its 18-digit form {0}.</source>
        <translation>15位旧身份证号，已转换为18位：{0}。</translation>
    </message>
    <message>
        <source>(hidden with the ID number)</source>
        <translation>（随身份证号隐藏）</translation>
    </message>
    <message>
        <source>Household of {0}; members' monthly income {1} yuan</source>
        <translation>家庭人口 {0} 人；家庭成员月收入合计 {1} 元</translation>
    </message>
    <message>
        <source>Saved as file {0}.</source>
        <translation>已保存，档案编号 {0}。</translation>
    </message>
    <message>
        <source>Full numbers shown; your look was recorded in the audit log.</source>
        <translation>已显示完整号码；本次查看已记入审计日志。</translation>
    </message>
    <message>
        <source>The annual review of file {0} is recorded for {1}.</source>
        <translation>已记录档案 {0} 的年度复核，复核日期 {1}。</translation>
    </message>
    <message>
        <source>The file sheet shows the file as saved; save your changes first to have them on it.</source>
        <translation>档案表按已保存的内容打印；请先保存修改，再打印档案表。</translation>
    </message>
    <message>
        <source>Writing the file sheet…</source>
        <translation>正在生成档案表…</translation>
    </message>
    <message>
        <source>File sheet {0}</source>
        <translation>档案表 {0}</translation>
    </message>
    <message>
        <source>Result: {0}</source>
        <translation>认定：{0}</translation>
    </message>
</context>
<context>
    <name>FileListModel</name>
    <message>
        <source>File no.</source>
        <translation>档案编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Last review</source>
        <translation>最近复核</translation>
    </message>
</context>
<context>
    <name>FilePickerDialog</name>
    <message>
        <source>Add files to the list</source>
        <translation>添加档案到名单</translation>
    </message>
    <message>
        <source>Name, pinyin initials (zs), ID number or its last digits, work unit</source>
        <translation>姓名、拼音首字母（zs）、身份证号或其后几位、工作单位</translation>
    </message>
    <message>
        <source>Select one or more households (Ctrl or Shift for several). Only files in the 在档 state can be proposed; each gets its tier and amount from the campaign's standards.</source>
        <translation>选择一户或多户（按住 Ctrl 或 Shift 多选）。只有“在档”的档案可以列入名单；档次和金额按本活动的补助标准确定。</translation>
    </message>
    <message>
        <source>Reason to help again</source>
        <translation>再次帮扶的理由</translation>
    </message>
    <message>
        <source>Recorded for the households helped within the look-back period, e.g. a new serious illness</source>
        <translation>为回看期内已获帮扶的户填写，例如“新发重大疾病”</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>{0} files in the list (at most {1} shown)</source>
        <translation>共 {0} 户（最多显示 {1} 户）</translation>
    </message>
    <message>
        <source>Select at least one household.</source>
        <translation>请至少选择一户。</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <source>Why refused</source>
        <translation>不能列入的原因</translation>
    </message>
</context>
<context>
    <name>FileSheetPrinter</name>
    <message>
        <source>File sheet-{0}-{1}.pdf</source>
        <translation>档案表-{0}-{1}.pdf</translation>
    </message>
    <message>
        <source>File sheet of {0} ({1})</source>
        <translation>档案表 — {0}（{1}）</translation>
    </message>
    <message>
        <source>Writing the file sheet…</source>
        <translation>正在生成档案表…</translation>
    </message>
</context>
<context>
    <name>FilesScreen</name>
    <message>
        <source>Worker files</source>
        <translation>困难职工档案</translation>
    </message>
    <message>
        <source>Name, pinyin initials (zs), file number, ID number or its last digits, work unit</source>
        <translation>姓名、拼音首字母（如 zs）、档案编号、身份证号或其后几位、工作单位</translation>
    </message>
    <message>
        <source>Not reviewed for a year</source>
        <translation>一年以上未复核</translation>
    </message>
    <message>
        <source>Never assisted</source>
        <translation>从未帮扶</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Shows full ID, card and phone numbers in the list; each time is recorded in the audit log.</source>
        <translation>在列表中显示完整的身份证号、银行卡号和手机号；每次显示都记入审计日志。</translation>
    </message>
    <message>
        <source>Double-click a file or press Enter to open it; right-click to print its file sheet.</source>
        <translation>双击档案或按回车键打开；右键单击可打印档案表。</translation>
    </message>
    <message>
        <source>New file…</source>
        <translation>新建档案…</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>从Excel导入…</translation>
    </message>
    <message>
        <source>Export register…</source>
        <translation>导出登记表…</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部困难类别</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Print file sheet…</source>
        <translation>打印档案表…</translation>
    </message>
    <message>
        <source>Register of hardship workers-{0}.xlsx</source>
        <translation>困难职工登记表-{0}.xlsx</translation>
    </message>
    <message>
        <source>Export the register of the files shown</source>
        <translation>导出当前列表中档案的登记表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the register…</source>
        <translation>正在写出登记表…</translation>
    </message>
    <message>
        <source>{0} files were written to {1}.</source>
        <translation>已导出 {0} 户到 {1}。</translation>
    </message>
    <message>
        <source> (scroll for more)</source>
        <translation>（向下滚动加载更多）</translation>
    </message>
    <message>
        <source>{0} files shown{1}</source>
        <translation>已显示 {0} 户{1}</translation>
    </message>
    <message>
        <source>No files yet: a clerk adds them one household at a time with New file… or takes in a register with Import from Excel….</source>
        <translation>本单位还没有困难职工档案：经办人可点“新建档案…”逐户录入，或点“从Excel导入…”导入花名册。</translation>
    </message>
</context>
<context>
    <name>FinalListDialog</name>
    <message>
        <source>Confirm a final list</source>
        <translation>确认最终名单</translation>
    </message>
    <message>
        <source>The township's approved, paid and sampled items of the campaign are counted and added up; the count and total go back to the township as the county's confirmation.</source>
        <translation>统计该乡镇此次活动中已批准、已发放和已抽查的名单项，户数和金额合计作为县总工会的确认下发给乡镇。</translation>
    </message>
    <message>
        <source>Township:</source>
        <translation>乡镇：</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>活动：</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>备注（可不填）：</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Flag for the township</source>
        <translation>标记（下发给乡镇）</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>The county's words:</source>
        <translation>县总工会意见：</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标记</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>County flags ({0})</source>
        <translation>县总工会标记（{0}）</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>The county's words</source>
        <translation>县总工会意见</translation>
    </message>
    <message>
        <source>Flagged at</source>
        <translation>标记日期</translation>
    </message>
    <message>
        <source>By</source>
        <translation>标记人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>{0} ({1} records)</source>
        <translation>{0}（{1} 条记录）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Paid in the same period as {0} (same ID number); please check and recover the payment.</source>
        <translation>与{0}同期重复发放（同一身份证号），请核实后收回。</translation>
    </message>
    <message>
        <source>Paid in the same period by {0} (same ID number); please check and recover the payment made twice.</source>
        <translation>{0}同期重复发放（同一身份证号），请核实后收回重复发放的款项。</translation>
    </message>
    <message>
        <source>Also filed at {0} (same ID number, both files active); please check and close one.</source>
        <translation>与{0}重复建档（同一身份证号，两处档案均在档），请核实后注销其中一份。</translation>
    </message>
    <message>
        <source>Filed at {0} (same ID number, the files all active); please check and keep one file.</source>
        <translation>{0}重复建档（同一身份证号，档案均在档），请核实后只保留一份档案。</translation>
    </message>
    <message>
        <source>Details differ from the file at {0} (same ID number); please check and correct them.</source>
        <translation>与{0}的档案信息不一致（同一身份证号），请核实更正。</translation>
    </message>
    <message>
        <source>The files at {0} disagree (same ID number); please check and correct them.</source>
        <translation>{0}的档案信息不一致（同一身份证号），请核实更正。</translation>
    </message>
    <message>
        <source>Saving the flag…</source>
        <translation>正在保存标记…</translation>
    </message>
    <message>
        <source>{0} record(s) flagged.</source>
        <translation>已标记 {0} 条记录。</translation>
    </message>
    <message>
        <source>Withdraw flag</source>
        <translation>撤回标记</translation>
    </message>
    <message>
        <source>Why is the flag on {0} ({1}) withdrawn? The township sees the reason.</source>
        <translation>撤回对“{0}”（{1}）的标记的原因（乡镇会看到）：</translation>
    </message>
    <message>
        <source>Withdrawing the flag…</source>
        <translation>正在撤回标记…</translation>
    </message>
    <message>
        <source>The flag was withdrawn.</source>
        <translation>标记已撤回。</translation>
    </message>
    <message>
        <source>Reading the campaigns…</source>
        <translation>正在读取各乡镇的活动…</translation>
    </message>
    <message>
        <source>Confirming the final list…</source>
        <translation>正在确认最终名单…</translation>
    </message>
    <message>
        <source>The final list was confirmed.</source>
        <translation>最终名单已确认。</translation>
    </message>
    <message>
        <source>Where to write the decisions packages</source>
        <translation>下发包保存位置</translation>
    </message>
    <message>
        <source>Writing the decisions packages…</source>
        <translation>正在写下发包…</translation>
    </message>
    <message>
        <source>Writing one decisions package per township…</source>
        <translation>正在为每个乡镇各写一个下发包…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>GoodsDialog</name>
    <message>
        <source>Gifts in kind — {0}</source>
        <translation>慰问品 — {0}</translation>
    </message>
    <message>
        <source>Kinds of gifts (unit value in yuan: totals value gifts at quantity × unit value)</source>
        <translation>慰问品种类（单价以元计：统计按数量×单价折合金额）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit value (yuan)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <source>Add kind</source>
        <translation>增加种类</translation>
    </message>
    <message>
        <source>Remove kind</source>
        <translation>删除种类</translation>
    </message>
    <message>
        <source>Save kinds</source>
        <translation>保存种类</translation>
    </message>
    <message>
        <source>Stock (handed out: the gifts of the items paid; the signed roster is their receipt)</source>
        <translation>库存（已发放：已发放名单项的慰问品，以签收表为凭）</translation>
    </message>
    <message>
        <source>Gift</source>
        <translation>慰问品</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>Handed out</source>
        <translation>已发放</translation>
    </message>
    <message>
        <source>Approved, not yet handed</source>
        <translation>已批准待发放</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Handed out, valued (yuan)</source>
        <translation>已发放折合（元）</translation>
    </message>
    <message>
        <source>e.g. allocated by the county union, bought at the grain shop</source>
        <translation>如：县总工会拨付、镇粮油店采购</translation>
    </message>
    <message>
        <source>A negative quantity corrects an earlier receipt: say why</source>
        <translation>数量为负数即冲减以前的入库，须写明原因</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>入库日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>经手人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record receipt</source>
        <translation>登记入库</translation>
    </message>
    <message>
        <source>Handed out: who got what, when, confirmed by whom, on which visit</source>
        <translation>发放明细：谁领了什么、何时发放、谁确认、随哪次走访</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主（档案编号）</translation>
    </message>
    <message>
        <source>Gifts</source>
        <translation>慰问品</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>发放日期</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>The stock left does not cover the approved items: short of {0}.</source>
        <translation>结存不足以发放已批准的名单项：还差{0}。</translation>
    </message>
    <message>
        <source>Kinds of gifts saved.</source>
        <translation>慰问品种类已保存。</translation>
    </message>
    <message>
        <source>Receipt recorded.</source>
        <translation>入库已登记。</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <source>Visit group</source>
        <translation>慰问组</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Leading official</source>
        <translation>带队领导</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>A new file: its history starts when it is first saved.</source>
        <translation>新建档案：第一次保存后，这里开始记录每一次修改。</translation>
    </message>
    <message>
        <source>No change of this file is in the audit log: it was filed before the log was kept, or written in one batch (demo data).</source>
        <translation>审计日志中没有本档案的逐条变更记录：档案建于启用日志之前，或为批量写入（演示数据）。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>帮扶项目</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>发放日期</translation>
    </message>
    <message>
        <source>Assistance the household received: none yet</source>
        <translation>本户得到的帮扶：暂无</translation>
    </message>
    <message>
        <source>Assistance the household received</source>
        <translation>本户得到的帮扶</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Nothing waits for you today.</source>
        <translation>今天没有待办事项。</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>The overview could not be loaded: {0}</source>
        <translation>概况加载失败：{0}</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>筹备中</translation>
    </message>
    <message>
        <source>Under way</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Welcome, {0} ({1}).</source>
        <translation>欢迎您，{0}（{1}）。</translation>
    </message>
    <message>
        <source>Welcome, {0} ({1}). The townships' files, lists and payouts are under Townships; the figures here are the county union's own.</source>
        <translation>欢迎您，{0}（{1}）。各乡镇的档案、名单和发放情况请在“乡镇汇总”中查看；这里是县总工会自己的档案和活动。</translation>
    </message>
    <message>
        <source>Worker files
{0} on file, {1} in all</source>
        <translation>困难职工档案
在档 {0} 户，共 {1} 户</translation>
    </message>
    <message>
        <source>Campaigns
{0} under way, {1} in all</source>
        <translation>帮扶活动
进行中 {0} 个，共 {1} 个</translation>
    </message>
    <message>
        <source>Users
{0} accounts</source>
        <translation>用户
{0} 个账号</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>名单项</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>审批中</translation>
    </message>
    <message>
        <source>Budget (yuan)</source>
        <translation>预算（元）</translation>
    </message>
    <message>
        <source>Approved (yuan)</source>
        <translation>已批准（元）</translation>
    </message>
    <message>
        <source>Paid (yuan)</source>
        <translation>已发放（元）</translation>
    </message>
    <message>
        <source>To do today, {0}</source>
        <translation>今日待办（{0}）</translation>
    </message>
    <message>
        <source>Opens {0}</source>
        <translation>打开“{0}”</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Visit calendar</source>
        <translation>走访日历</translation>
    </message>
    <message>
        <source>Payouts</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Worker files</source>
        <translation>档案</translation>
    </message>
    <message>
        <source>Drafts to submit: {0} items</source>
        <translation>草稿待提交：{0} 项</translation>
    </message>
    <message>
        <source>Returned, to correct and submit again: {0} items</source>
        <translation>被退回、待修改后重新提交：{0} 项</translation>
    </message>
    <message>
        <source>Submitted, waiting for your review: {0} items (not your own)</source>
        <translation>已提交、待您审核：{0} 项（不含本人经办）</translation>
    </message>
    <message>
        <source>Reviewed, to put in a public notice: {0} items</source>
        <translation>初审通过、待公示：{0} 项</translation>
    </message>
    <message>
        <source>Objections to settle: {0} items</source>
        <translation>异议待处理：{0} 项</translation>
    </message>
    <message>
        <source>Notice period over, waiting for your approval: {0} items (not your own)</source>
        <translation>公示期满、待您审批：{0} 项（不含本人经办或初审）</translation>
    </message>
    <message>
        <source>{0}: the public notice ends today, {1} items</source>
        <translation>{0}：公示今天期满，{1} 项</translation>
    </message>
    <message>
        <source>{0}: the public notice ends on {2}, {1} items</source>
        <translation>{0}：公示 {2} 期满，{1} 项</translation>
    </message>
    <message>
        <source>Visits today: {0}, {1} households</source>
        <translation>今天走访：{0} 次，{1} 户</translation>
    </message>
    <message>
        <source>Visits tomorrow: {0}, {1} households</source>
        <translation>明天走访：{0} 次，{1} 户</translation>
    </message>
    <message>
        <source>{0}: approved, no voucher printed yet: {1} items</source>
        <translation>{0}：已批准、尚未打印凭证 {1} 项</translation>
    </message>
    <message>
        <source>{0}: voucher printed, payment not confirmed: {1} items</source>
        <translation>{0}：凭证已打印、尚未确认发放 {1} 项</translation>
    </message>
    <message>
        <source>Files not reviewed for over a year: {0} households</source>
        <translation>超过一年未复核的在档档案：{0} 户</translation>
    </message>
    <message>
        <source>No user holds these roles yet: {0}. Add users in Settings › Users (proposing, reviewing and approving an item must be done by different people)</source>
        <translation>本单位还没有{0}账号：请在“设置 › 用户”中添加（提名、审核、审批须由不同的人办理）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import worker files from an Excel register</source>
        <translation>从 Excel 花名册导入困难职工档案</translation>
    </message>
    <message>
        <source>Choose the register the office keeps (.xlsx, .xls, .et, .ods or .csv, as Excel, WPS or another system saved it). Title rows, notes and a total row are recognised; nothing is written until you press Import on the last step.</source>
        <translation>请选择本单位的花名册（.xlsx、.xls、.et、.ods 或 .csv，Excel、WPS 或其他系统导出的均可）。表头上方的标题、表格下方的说明和合计行会自动识别；在最后一步按“导入”之前，不会写入任何内容。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>No register yet, or not sure of the columns? Save an empty register with the expected column headers and one example row, fill it in Excel, then choose it here.</source>
        <translation>还没有花名册，或不清楚要哪些列？可先保存一份空白花名册模板（含本程序认得的列标题和一行示例），在 Excel 中填好后再在这里选择。</translation>
    </message>
    <message>
        <source>Save a register template…</source>
        <translation>保存花名册模板…</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>表头所在行</translation>
    </message>
    <message>
        <source>The row with the column names. Check below what each column is imported as; columns set to "Not imported" are left out.</source>
        <translation>即写有各列名称的那一行。请在下方核对每一列导入为哪一项；设为“不导入”的列不会导入。</translation>
    </message>
    <message>
        <source>Update files that already exist (only the fields the register has a column for)</source>
        <translation>更新已有档案（只更新花名册中有的栏目）</translation>
    </message>
    <message>
        <source>Save the rejected rows as Excel…</source>
        <translation>把退回的行另存为 Excel…</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reason or note</source>
        <translation>原因或提示</translation>
    </message>
    <message>
        <source>1 Choose the file</source>
        <translation>1 选择文件</translation>
    </message>
    <message>
        <source>2 Header and columns</source>
        <translation>2 表头和列</translation>
    </message>
    <message>
        <source>3 Preview</source>
        <translation>3 预览</translation>
    </message>
    <message>
        <source>4 Done</source>
        <translation>4 完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the register</source>
        <translation>选择花名册</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the register template</source>
        <translation>保存花名册模板</translation>
    </message>
    <message>
        <source>Registers (*.xlsx *.xls *.et *.ods *.csv *.txt);;All files (*)</source>
        <translation>花名册 (*.xlsx *.xls *.et *.ods *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>register template.xlsx</source>
        <translation>花名册模板.xlsx</translation>
    </message>
    <message>
        <source>The template was saved to {0}. Fill it in (one row per household; delete the example row), save it, then choose it with “Choose file…”.</source>
        <translation>模板已保存到 {0}。请在其中填写（每户一行，删除示例行）并保存，然后点“选择文件…”选择它。</translation>
    </message>
    <message>
        <source>Reading the sheets…</source>
        <translation>正在读取工作表…</translation>
    </message>
    <message>
        <source>{0} ({1} rows)</source>
        <translation>{0}（{1} 行）</translation>
    </message>
    <message>
        <source>The register was found on sheet “{0}”.</source>
        <translation>已在工作表“{0}”中找到花名册。</translation>
    </message>
    <message>
        <source>No sheet has a header with a name and an ID number column in its first 30 rows; choose the sheet and point at the header row on the next step.</source>
        <translation>各工作表的前 30 行中都没有含“姓名”和“身份证号”两列的表头：请选择工作表，并在下一步指定表头所在行。</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>{0} is chosen for more than one column: keep it on one column only.</source>
        <translation>{0}被选给了不止一列：请只保留一列。</translation>
    </message>
    <message>
        <source>No column is imported as {0}: a file needs it. Choose the column, or check the header row.</source>
        <translation>没有一列导入为{0}：建档必须有这一项。请选择对应的列，或核对表头所在行。</translation>
    </message>
    <message>
        <source>{0} columns will be imported.</source>
        <translation>将导入 {0} 列。</translation>
    </message>
    <message>
        <source>Reading the register and checking every row…</source>
        <translation>正在读取花名册并逐行检查…</translation>
    </message>
    <message>
        <source>Checking the rows against the files…</source>
        <translation>正在与已有档案逐行核对…</translation>
    </message>
    <message>
        <source>If you import now: {0}</source>
        <translation>如果现在导入：{0}</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>New file</source>
        <translation>新建档案</translation>
    </message>
    <message>
        <source>Update file</source>
        <translation>更新档案</translation>
    </message>
    <message>
        <source>Has a file, not updated</source>
        <translation>已有档案，不更新</translation>
    </message>
    <message>
        <source>Same as the file</source>
        <translation>与档案一致</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported from {0}: {1}</source>
        <translation>已从 {0} 导入：{1}</translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation>保存退回的行</translation>
    </message>
    <message>
        <source>The rejected rows were saved to {0}: correct them there and import that file.</source>
        <translation>退回的行已另存为 {0}：请在其中改正后再导入该文件。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>IncomesTable</name>
    <message>
        <source>Income or expense</source>
        <translation>收入/支出</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Yearly amount (yuan)</source>
        <translation>全年金额（元）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ItemChangeDialog</name>
    <message>
        <source>Change the amount or tier</source>
        <translation>修改金额或档次</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>档次</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>{0} (file {1}), {2}, now {3} yuan at tier {4}</source>
        <translation>{0}（档案 {1}），{2}，现为“{4}”档 {3} 元</translation>
    </message>
</context>
<context>
    <name>ItemDetailText</name>
    <message>
        <source>Flagged by the county union</source>
        <translation>县总工会标记</translation>
    </message>
    <message>
        <source>Assistance item</source>
        <translation>帮扶项目</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>认定</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>正在读取流转记录…</translation>
    </message>
    <message>
        <source>Objections</source>
        <translation>异议</translation>
    </message>
    <message>
        <source>History</source>
        <translation>流转记录</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭人口</translation>
    </message>
    <message>
        <source>{0} persons</source>
        <translation>{0} 人</translation>
    </message>
    <message>
        <source>{0} yuan a month per person</source>
        <translation>每人每月 {0} 元</translation>
    </message>
    <message>
        <source> ({0}% of the minimum living standard)</source>
        <translation>（为低保线的 {0}%）</translation>
    </message>
    <message>
        <source>Per-capita income</source>
        <translation>月人均收入</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>{0} yuan</source>
        <translation>{0} 元</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>档次</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Fund source</source>
        <translation>资金来源</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Notice ends</source>
        <translation>公示截止</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>You may: {0}</source>
        <translation>您可以：{0}</translation>
    </message>
    <message>
        <source>When proposed:</source>
        <translation>提名时：</translation>
    </message>
    <message>
        <source>Exception recorded:</source>
        <translation>例外理由：</translation>
    </message>
    <message>
        <source>Judged today:</source>
        <translation>按今日认定：</translation>
    </message>
    <message>
        <source>Outcome ({0}): {1}</source>
        <translation>处理结果（{0}）：{1}</translation>
    </message>
    <message>
        <source>Not resolved yet</source>
        <translation>尚未处理</translation>
    </message>
    <message>
        <source>No transitions yet: the item is as it was proposed.</source>
        <translation>尚无流转：该项仍是提出时的样子。</translation>
    </message>
</context>
<context>
    <name>KeyLine</name>
    <message>
        <source>Register another office's key</source>
        <translation>登记对方单位的签名密钥</translation>
    </message>
    <message>
        <source>The other office's name, as on its key registration sheet:</source>
        <translation>对方单位名称（与其密钥登记表上的一致）：</translation>
    </message>
    <message>
        <source>All 16 groups of the fingerprint on its sheet (e.g. 3F2A-91C0-…):</source>
        <translation>其密钥登记表上的全部16组指纹（如 3F2A-91C0-…）：</translation>
    </message>
    <message>
        <source>The key {0} of {1} is registered: packages signed with it are taken in.</source>
        <translation>已登记“{1}”的签名密钥 {0}：此后接收用它签名的包。</translation>
    </message>
    <message>
        <source> Its older key no longer counts.</source>
        <translation>该单位的旧密钥已停用。</translation>
    </message>
    <message>
        <source>Signing key fingerprint: {0}</source>
        <translation>本单位签名密钥指纹：{0}</translation>
    </message>
    <message>
        <source>No signing key yet: it is made at the first export, or when the sheet is printed.</source>
        <translation>尚未生成签名密钥：第一次导出报送包或打印密钥登记表时生成。</translation>
    </message>
    <message>
        <source>Save the key registration sheet</source>
        <translation>保存密钥登记表</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Key registration sheet saved: {0}. Sign and seal it and take it to the other office once.</source>
        <translation>密钥登记表已保存：{0}。请签字盖章后交对方单位登记一次即可。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>The window was locked because nobody used it for a while. {0}, type your password to go on.</source>
        <translation>较长时间无人操作，窗口已锁定。{0}，请输入密码继续。</translation>
    </message>
    <message>
        <source>The window was locked from the menu. {0}, type your password to go on.</source>
        <translation>窗口已从菜单锁定。{0}，请输入您的密码继续。</translation>
    </message>
    <message>
        <source>Someone else needs the computer: {0} unlocks it and chooses File › Switch user, or the program is ended with “Exit the program” (what is not saved is lost).</source>
        <translation>其他同事要用本机：请{0}解锁后在“文件”菜单中选“切换用户”；或者点“退出程序”（未保存的内容会丢失）。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Exit the program</source>
        <translation>退出程序</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in with your user name and password.</source>
        <translation>请输入登录名和密码。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Songnuan — hardship assistance</source>
        <translation>送暖 — 困难职工帮扶</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>切换用户(&amp;S)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;About Songnuan</source>
        <translation>关于送暖(&amp;A)</translation>
    </message>
    <message>
        <source>{0} — Songnuan</source>
        <translation>{0} — 送暖</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>{0} — {1} — Songnuan</source>
        <translation>{0} — {1} — 送暖</translation>
    </message>
    <message>
        <source>Sign &amp;out {0}</source>
        <translation>注销 {0}(&amp;O)</translation>
    </message>
    <message>
        <source>Worker files</source>
        <translation>档案</translation>
    </message>
    <message>
        <source>Keep a file for every household in hardship: the person, the household, income, causes, payout account and scans; eligibility explained in words; import of Excel registers.</source>
        <translation>困难职工档案（一户一档）：户主、家庭成员、收入、致困原因、发放账户和附件扫描件；认定结果用文字说明；导入各单位的Excel台账。</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Campaigns such as the New Year and Spring Festival warmth campaign: budgets, payment standards, and the list of proposed households.</source>
        <translation>帮扶活动（如元旦春节送温暖）：预算、补助标准和拟帮扶名单。</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>The items waiting for you: first review, public notice, approval; four-eyes rule enforced.</source>
        <translation>等待您处理的名单项：初审、公示、审批；严格执行“四眼原则”（经办、审核、审批不能是同一人）。</translation>
    </message>
    <message>
        <source>Visit calendar</source>
        <translation>走访日历</translation>
    </message>
    <message>
        <source>Visit groups and home visits on a calendar with public holidays and lunar dates.</source>
        <translation>慰问组和入户走访日历，显示法定节假日和农历日期。</translation>
    </message>
    <message>
        <source>Payouts</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Vouchers, sign-off rosters and bank transfer lists to print; confirmation of payment; spot-checks.</source>
        <translation>打印发放凭证、签收表和银行代发清单；确认发放；抽查回访。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counts and amounts by category, cause, work unit and campaign; the county's tables.</source>
        <translation>按困难类别、致困原因、单位和活动统计户数与金额；县总工会报表。</translation>
    </message>
    <message>
        <source>Townships</source>
        <translation>乡镇汇总</translation>
    </message>
    <message>
        <source>Send to county</source>
        <translation>报送</translation>
    </message>
    <message>
        <source>The encrypted package for the county union on a USB stick, and the county's decisions back.</source>
        <translation>用U盘向县总工会报送加密数据包，并导入县总工会下发的决定。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Office: {0}</source>
        <translation>单位：{0}</translation>
    </message>
    <message>
        <source>Locked: this window is kept as it was until it is unlocked.</source>
        <translation>已锁定：本窗口的内容原样保留，解锁后继续。</translation>
    </message>
    <message>
        <source>User: {0} ({1})</source>
        <translation>用户：{0}（{1}）</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>{0} is handing the window over. The next user signs in with their own name and password; Cancel goes back to {0}.</source>
        <translation>{0}要把本机交给其他同事使用。请下一位用户用自己的登录名和密码登录；点“取消”则回到{0}。</translation>
    </message>
    <message>
        <source>sign out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>untitled window</source>
        <translation>未命名窗口</translation>
    </message>
    <message>
        <source>Close the open windows first</source>
        <translation>请先关闭打开的窗口</translation>
    </message>
    <message>
        <source>Before you {0}, finish and close these windows: {1}.</source>
        <translation>{0}前，请先完成并关闭这些窗口：{1}。</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>About Songnuan</source>
        <translation>关于送暖</translation>
    </message>
    <message>
        <source>Songnuan {0}
Hardship assistance and the warmth campaign of a township trade union.
Database: {1}</source>
        <translation>送暖 {0}
乡镇工会困难职工帮扶与送温暖管理。
数据库：{1}</translation>
    </message>
</context>
<context>
    <name>MarkPaidDialog</name>
    <message>
        <source>Confirm paid</source>
        <translation>确认发放</translation>
    </message>
    <message>
        <source>A signed roster page:</source>
        <translation>已签收的签收表一页：</translation>
    </message>
    <message>
        <source>Paid on:</source>
        <translation>发放日期：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>发放方式：</translation>
    </message>
    <message>
        <source>An item is paid once, ever: confirm only what was handed over or transferred, on the day it was.</source>
        <translation>同一名单项只能发放一次：只确认已实际发放或已转账的项，日期填实际发放当天。</translation>
    </message>
    <message>
        <source>The selected items awaiting payment ({0})</source>
        <translation>所选待发放的名单项（{0} 项）</translation>
    </message>
    <message>
        <source>As on the roster (card when on file, else cash)</source>
        <translation>按签收表所列（档案有银行卡的按银行卡，否则现金）</translation>
    </message>
    <message>
        <source>{0}page {1} of {2}: {3} lines, {4} awaiting payment</source>
        <translation>{0}第 {1} 页 共 {2} 页：{3} 行，{4} 项待发放</translation>
    </message>
    <message>
        <source>Every item on this page is already paid.</source>
        <translation>本页各项均已发放。</translation>
    </message>
    <message>
        <source>{0} items to confirm as paid.</source>
        <translation>将确认发放 {0} 项。</translation>
    </message>
    <message>
        <source>{0} items to confirm as paid, {1} yuan.</source>
        <translation>将确认发放 {0} 项，共 {1} 元。</translation>
    </message>
</context>
<context>
    <name>MembersTable</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>人员身份</translation>
    </message>
    <message>
        <source>Work unit or school</source>
        <translation>单位或学校</translation>
    </message>
    <message>
        <source>Monthly income (yuan)</source>
        <translation>月收入（元）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MergeResultDialog</name>
    <message>
        <source>Packages imported</source>
        <translation>报送包导入结果</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已汇总</translation>
    </message>
    <message>
        <source>Imported before, nothing changed</source>
        <translation>已导入过，未改动</translation>
    </message>
    <message>
        <source>Superseded by a newer package</source>
        <translation>被更新的包取代</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>包号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Exported at</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>档案</translation>
    </message>
    <message>
        <source>New attachments</source>
        <translation>新附件</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>Start the public notice</source>
        <translation>发起公示</translation>
    </message>
    <message>
        <source>Where it is posted</source>
        <translation>公示地点</translation>
    </message>
    <message>
        <source>Objections to</source>
        <translation>受理异议</translation>
    </message>
    <message>
        <source>Contact person and phone</source>
        <translation>联系人及电话</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>公示开始日</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>公示期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>公示截止日</translation>
    </message>
    <message>
        <source>{0} households, {1} yuan in all, go into the public notice.</source>
        <translation>共 {0} 户、合计 {1} 元进入公示。</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>{0} (objections until the end of that day)</source>
        <translation>{0}（当日下班前均可提出异议）</translation>
    </message>
    <message>
        <source>Public holidays of {0}: {1}</source>
        <translation>{0}年节假日：{1}</translation>
    </message>
</context>
<context>
    <name>ObjectionDialog</name>
    <message>
        <source>Objection</source>
        <translation>异议</translation>
    </message>
    <message>
        <source>Raised by (named)</source>
        <translation>反映人（实名）</translation>
    </message>
    <message>
        <source>Outcome of the re-check</source>
        <translation>核查结果</translation>
    </message>
    <message>
        <source>Resolve the objection</source>
        <translation>处理异议</translation>
    </message>
    <message>
        <source>Record an objection</source>
        <translation>登记异议</translation>
    </message>
    <message>
        <source>{0} (file {1}), {2}, {3} yuan — {4}</source>
        <translation>{0}（档案 {1}），{2}，{3} 元 — {4}</translation>
    </message>
    <message>
        <source>This item has no objection waiting to be resolved.</source>
        <translation>该项没有待处理的异议。</translation>
    </message>
</context>
<context>
    <name>OrgDialog</name>
    <message>
        <source>Organisation</source>
        <translation>组织机构</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Grassroots union</source>
        <translation>基层工会</translation>
    </message>
    <message>
        <source>Village or community</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Nature of the unit</source>
        <translation>单位性质</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <source>6, 9 or 12 digits; may stay empty</source>
        <translation>6、9或12位数字，可不填</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>A grassroots union (基层工会): work units can be placed under it, files name it.</source>
        <translation>基层工会：工作单位可归属于它，档案中可直接选用。</translation>
    </message>
    <message>
        <source>A work unit (工作单位) where workers are employed; its union and village are used for rosters split by union or by village.</source>
        <translation>工作单位：职工所在的单位。所属基层工会和村（社区）用于按基层工会或按村（社区）分册打印签收表。</translation>
    </message>
    <message>
        <source>A village or community (村/社区); its 12-digit region code finds its minimum living standard: its own, else the nearest parent's (township, county).</source>
        <translation>村（社区）：填写12位行政区划代码后，按它自己的低保线认定；没有单独设定的，按最近的上级（乡镇、县）的低保线认定。</translation>
    </message>
    <message>
        <source>Change “{0}”</source>
        <translation>修改“{0}”</translation>
    </message>
    <message>
        <source>New {0}</source>
        <translation>新增{0}</translation>
    </message>
</context>
<context>
    <name>OrgMergeDialog</name>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge into</source>
        <translation>并入</translation>
    </message>
    <message>
        <source>Merge “{0}”</source>
        <translation>合并“{0}”</translation>
    </message>
    <message>
        <source>“{0}” is merged into the one chosen below: its {1} files (and the units under it, or in it) then name that one, and “{0}” is retired. Every moved file is recorded in the audit log; this cannot be undone by a button.</source>
        <translation>“{0}”将并入下面选定的名称：它的 {1} 份档案（以及归属于它的工作单位）改为该名称，“{0}”随即停用。每份改动的档案都记入审计日志；合并后不能一键撤销。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the name to merge into.</source>
        <translation>请选择要并入的名称。</translation>
    </message>
</context>
<context>
    <name>OrgPickers</name>
    <message>
        <source>Grassroots union</source>
        <translation>基层工会</translation>
    </message>
    <message>
        <source>type part of the name or its pinyin initials</source>
        <translation>输入名称中的字或拼音首字母</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{0} (retired)</source>
        <translation>{0}（已停用）</translation>
    </message>
    <message>
        <source>(a unit no longer listed)</source>
        <translation>（名单中已没有的单位）</translation>
    </message>
</context>
<context>
    <name>OrgTab</name>
    <message>
        <source>Grassroots union</source>
        <translation>基层工会</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Village or community</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>单位性质</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>档案数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位数</translation>
    </message>
    <message>
        <source>Bring back</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>“{0}” was added.</source>
        <translation>已新增“{0}”。</translation>
    </message>
    <message>
        <source>“{0}” was saved.</source>
        <translation>已保存“{0}”。</translation>
    </message>
    <message>
        <source>“{0}” was merged into “{1}”: {2} files and {3} units now name “{1}”.</source>
        <translation>“{0}”已并入“{1}”：{2} 份档案、{3} 个单位已改为“{1}”。</translation>
    </message>
    <message>
        <source>Retire “{0}”? It is no longer offered for new files; the {1} files that name it keep it.</source>
        <translation>停用“{0}”？停用后新建档案不再提供它；已填写它的 {1} 份档案保持不变。</translation>
    </message>
    <message>
        <source>“{0}” is in use again.</source>
        <translation>“{0}”已恢复使用。</translation>
    </message>
    <message>
        <source>“{0}” was retired.</source>
        <translation>“{0}”已停用。</translation>
    </message>
    <message>
        <source>Choose a row in the table first.</source>
        <translation>请先在表格中选择一行。</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Photos of the visit</source>
        <translation>走访照片</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>{0} photos: {1}</source>
        <translation>照片 {0} 张：{1}</translation>
    </message>
    <message>
        <source>No photos</source>
        <translation>无照片</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase of the packages</source>
        <translation>报送包口令</translation>
    </message>
    <message>
        <source>{0} package(s) chosen. Type the passphrase the county gave the townships; it is not stored.</source>
        <translation>已选择 {0} 个报送包。请输入县总工会发给各乡镇的口令；口令不会保存。</translation>
    </message>
    <message>
        <source>One decisions package per township ({0}) will be written to {1}. Type the passphrase the townships use for their packages, twice; it is not stored.</source>
        <translation>将为每个乡镇（共 {0} 个）各写一个下发包，保存到 {1}。请输入两遍各乡镇报送包所用的口令；口令不会保存。</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>再输一遍：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same passphrase twice.</source>
        <translation>两次输入的口令不一致，请输入两遍相同的口令。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>原密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>at least 8 characters, letters and digits</source>
        <translation>至少8位，须含字母和数字</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Set your own password</source>
        <translation>设置自己的密码</translation>
    </message>
    <message>
        <source>{0}, you signed in with a one-time password from the administrator. Set a password only you know before you go on. Cancel signs you out.</source>
        <translation>{0}，您是用管理员给的一次性密码登录的。请先设置一个只有您自己知道的密码，才能继续使用。点“注销”则退出登录。</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>注销</translation>
    </message>
</context>
<context>
    <name>PayoutDialogs</name>
    <message>
        <source>One list for the campaign</source>
        <translation>全活动一份</translation>
    </message>
    <message>
        <source>Split by grassroots union</source>
        <translation>按基层工会分页</translation>
    </message>
    <message>
        <source>Split by village or community</source>
        <translation>按村（社区）分页</translation>
    </message>
</context>
<context>
    <name>PayoutItemsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案编号</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Voucher no.</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <source>Reprints</source>
        <translation>补打次数</translation>
    </message>
    <message>
        <source>Voided vouchers</source>
        <translation>作废凭证</translation>
    </message>
</context>
<context>
    <name>PayoutsScreen</name>
    <message>
        <source>Payouts</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>活动：</translation>
    </message>
    <message>
        <source>Reconciliation: approved / printed / paid / voided against the budget</source>
        <translation>核对：已批准 / 已打印 / 已发放 / 已作废，对照预算</translation>
    </message>
    <message>
        <source>Payout list</source>
        <translation>发放名单</translation>
    </message>
    <message>
        <source>Name, file or voucher number</source>
        <translation>姓名、档案编号或凭证号</translation>
    </message>
    <message>
        <source>Print vouchers</source>
        <translation>打印凭证</translation>
    </message>
    <message>
        <source>The selected approved items, or every approved item without a voucher when none is selected. Numbers are given when the file is written.</source>
        <translation>打印所选已批准项的凭证；未选择时打印所有尚无凭证的已批准项。凭证号在生成文件时编定。</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>The selected items' vouchers again, marked 补打 with their count.</source>
        <translation>再次打印所选项的凭证，标注“补打”及次数。</translation>
    </message>
    <message>
        <source>Void voucher…</source>
        <translation>作废凭证…</translation>
    </message>
    <message>
        <source>Print voided copy</source>
        <translation>打印作废联</translation>
    </message>
    <message>
        <source>Check voucher…</source>
        <translation>核验凭证…</translation>
    </message>
    <message>
        <source>Scan a voucher's QR code or type its number: valid, already paid or voided, before money is handed over.</source>
        <translation>扫描凭证二维码或输入凭证编号：发放前核实凭证是否有效、是否已发放或已作废。</translation>
    </message>
    <message>
        <source>Sign-off roster…</source>
        <translation>签收表…</translation>
    </message>
    <message>
        <source>Bank transfer list…</source>
        <translation>银行代发清单…</translation>
    </message>
    <message>
        <source>Confirm paid…</source>
        <translation>确认发放…</translation>
    </message>
    <message>
        <source>Finance: the selected items, or every item of a signed roster page.</source>
        <translation>财务：确认所选项，或签收表某一页的全部项已发放。</translation>
    </message>
    <message>
        <source>Spot-checks</source>
        <translation>抽查</translation>
    </message>
    <message>
        <source>Draw:</source>
        <translation>抽查批次：</translation>
    </message>
    <message>
        <source>Draw a sample…</source>
        <translation>抽取样本…</translation>
    </message>
    <message>
        <source>Record result…</source>
        <translation>登记结果…</translation>
    </message>
    <message>
        <source>Print spot-check list</source>
        <translation>打印抽查登记表</translation>
    </message>
    <message>
        <source>Approved, paid and checked</source>
        <translation>已批准、已发放和已抽查</translation>
    </message>
    <message>
        <source>Approved, no voucher yet</source>
        <translation>已批准、尚未打印凭证</translation>
    </message>
    <message>
        <source>Voucher printed, not yet paid</source>
        <translation>凭证已打印、尚未发放</translation>
    </message>
    <message>
        <source>… and {0} more: rest the mouse here to read them all.</source>
        <translation>……另有 {0} 条，鼠标停在此处可查看全部。</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source>No campaign yet.</source>
        <translation>还没有活动。</translation>
    </message>
    <message>
        <source>Approved, awaiting payment</source>
        <translation>已批准待发放</translation>
    </message>
    <message>
        <source>Vouchers printed</source>
        <translation>已打印凭证</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已发放</translation>
    </message>
    <message>
        <source>Voided items</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>项数</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Budget {0} yuan: paid {1}, reserved {2}, left {3}.
Spoiled vouchers kept with their numbers: {4}.</source>
        <translation>总预算 {0} 元：已发放 {1} 元，已占用 {2} 元，尚余 {3} 元。
作废凭证（保留原号）：{4} 张。</translation>
    </message>
    <message>
        <source>The figures reconcile.</source>
        <translation>核对无误。</translation>
    </message>
    <message>
        <source>{0} items shown, {1} yuan</source>
        <translation>显示 {0} 项，共 {1} 元</translation>
    </message>
    <message>
        <source>{0:%Y-%m-%d}: {1} % of {2} paid, {3} households</source>
        <translation>{0:%Y-%m-%d}：已发放 {2} 项中抽 {1}%，共 {3} 户</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案编号</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Checked on</source>
        <translation>核查日期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Seed {0} over {1} paid items: the same seed over the same items draws the same households.</source>
        <translation>随机种子 {0}，总体 {1} 项已发放：同一种子对同一批项目总能抽出同样的户。</translation>
    </message>
    <message>
        <source>No spot-check drawn for this campaign yet.</source>
        <translation>本活动尚未抽查。</translation>
    </message>
    <message>
        <source>{0} items selected, {1} yuan</source>
        <translation>已选 {0} 项，共 {1} 元</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>发放凭证</translation>
    </message>
    <message>
        <source>Numbering and writing the vouchers…</source>
        <translation>正在分配编号并生成凭证…</translation>
    </message>
    <message>
        <source>Preparing the sample vouchers…</source>
        <translation>正在生成凭证样张…</translation>
    </message>
    <message>
        <source>{0} vouchers written ({1} new, {2} reprinted): {3}.</source>
        <translation>已生成凭证 {0} 张（新编号 {1} 张，补打 {2} 张）：{3}。</translation>
    </message>
    <message>
        <source>Void voucher</source>
        <translation>作废凭证</translation>
    </message>
    <message>
        <source>Why is voucher {0} of {1} voided? It keeps its number; the item gets a new one when printed again.</source>
        <translation>凭证 {0}（{1}）作废的原因？作废凭证保留原号，该项再次打印时使用新号。</translation>
    </message>
    <message>
        <source>Voiding the voucher…</source>
        <translation>正在作废凭证…</translation>
    </message>
    <message>
        <source>Voucher {0} voided.</source>
        <translation>凭证 {0} 已作废。</translation>
    </message>
    <message>
        <source>Printing the voided copies…</source>
        <translation>正在生成作废联…</translation>
    </message>
    <message>
        <source>Voided vouchers</source>
        <translation>作废凭证</translation>
    </message>
    <message>
        <source>Writing the sign-off roster…</source>
        <translation>正在生成发放签收表…</translation>
    </message>
    <message>
        <source>Sign-off roster</source>
        <translation>发放签收表</translation>
    </message>
    <message>
        <source>PDF for the bank counter (*.pdf)</source>
        <translation>PDF，交银行柜台 (*.pdf)</translation>
    </message>
    <message>
        <source>Bank transfer list</source>
        <translation>银行代发清单</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the bank transfer list…</source>
        <translation>正在生成银行代发清单…</translation>
    </message>
    <message>
        <source>The bank transfer list was saved to {0}.</source>
        <translation>银行代发清单已保存到 {0}。</translation>
    </message>
    <message>
        <source>Confirming {0} items as paid…</source>
        <translation>正在确认发放 {0} 项…</translation>
    </message>
    <message>
        <source>{0} items confirmed as paid on {1:%Y-%m-%d}.</source>
        <translation>已确认发放 {0} 项，发放日期 {1:%Y-%m-%d}。</translation>
    </message>
    <message>
        <source>Draw a sample</source>
        <translation>抽取样本</translation>
    </message>
    <message>
        <source>Percent of the paid households to call back or visit:</source>
        <translation>从已发放户中抽取的比例（%），用于电话回访或入户核查：</translation>
    </message>
    <message>
        <source>Drawing the sample…</source>
        <translation>正在抽取…</translation>
    </message>
    <message>
        <source>{0} households drawn (seed {1}).</source>
        <translation>已抽取 {0} 户（随机种子 {1}）。</translation>
    </message>
    <message>
        <source>Recording the result…</source>
        <translation>正在登记结果…</translation>
    </message>
    <message>
        <source>Result recorded for {0}.</source>
        <translation>已登记 {0} 的抽查结果。</translation>
    </message>
    <message>
        <source>Writing the spot-check list…</source>
        <translation>正在生成抽查登记表…</translation>
    </message>
    <message>
        <source>Spot-check list</source>
        <translation>抽查登记表</translation>
    </message>
    <message>
        <source>{0} written.</source>
        <translation>{0}已生成。</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>The preview is not available on this computer (the Qt PDF component is missing). The file was written: save it where you want it, or open it with the PDF viewer of the system to print it.</source>
        <translation>本机无法预览（缺少 Qt PDF 组件）。文件已经生成：可“另存为”到需要的位置，或用系统的 PDF 阅读器打开后打印。</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Open with the system viewer</source>
        <translation>用系统程序打开</translation>
    </message>
    <message>
        <source>The file could not be read for the preview: {0}</source>
        <translation>无法读取文件以预览：{0}</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>{0} pages · {1}</source>
        <translation>共 {0} 页 · {1}</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The file could not be saved to {0}: {1}</source>
        <translation>无法保存到 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>已保存到 {0}</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>The printer could not be started. Check that it is switched on and connected, then press “Print…” here again; the file shown is kept (you may also save it).</source>
        <translation>打印机未能启动。请检查打印机是否开机、连接正常，然后在本窗口再点“打印…”；当前显示的文件已保留（也可以另存）。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>{0} pages sent to the printer “{1}”.</source>
        <translation>已向打印机“{1}”发送 {0} 页。</translation>
    </message>
</context>
<context>
    <name>PlaceholderScreen</name>
    <message>
        <source>This screen is not built yet. It will come in a later version; nothing here can be changed for now.</source>
        <translation>本界面尚未完成，将在后续版本中提供；目前这里不能做任何操作。</translation>
    </message>
</context>
<context>
    <name>ProposalResultDialog</name>
    <message>
        <source>Proposed by the rules</source>
        <translation>按规则推荐的结果</translation>
    </message>
    <message>
        <source>To be added</source>
        <translation>拟列入</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按困难类别</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>未列入</translation>
    </message>
    <message>
        <source>Nothing is added until you confirm; Cancel adds no household.</source>
        <translation>确认后才列入名单；点“取消”不列入任何一户。</translation>
    </message>
    <message>
        <source>Left out, with the reason each</source>
        <translation>未列入的户及原因</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>困难类别</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>File no.</source>
        <translation>档案号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>补助档次</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>列入理由</translation>
    </message>
    <message>
        <source>Why left out</source>
        <translation>未列入原因</translation>
    </message>
    <message>
        <source>Left out, with the reason each: {0}</source>
        <translation>未列入的户及原因：{0} 户</translation>
    </message>
    <message>
        <source>To be added ({0})</source>
        <translation>拟列入（{0} 户）</translation>
    </message>
    <message>
        <source>Left out ({0})</source>
        <translation>未列入（{0} 户）</translation>
    </message>
    <message>
        <source>Add {0} households to the list</source>
        <translation>确认列入 {0} 户</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Page &amp;order:</source>
        <translation>页面顺序(&amp;O)：</translation>
    </message>
    <message>
        <source>Pages &amp;per sheet:</source>
        <translation>每张页数(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Page &amp;Set:</source>
        <translation>页面组(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>The reason is required. It is stored with every item in its history and shown to the clerk.</source>
        <translation>理由必填，将记入每一项的流转记录，经办人可以看到。</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <source>Nothing was changed</source>
        <translation>未作任何改动</translation>
    </message>
    <message>
        <source> The other {0} items can be done: do only those, or close and change nothing.</source>
        <translation>其余 {0} 项可以办理：可仅处理这 {0} 项，或关闭而不作任何改动。</translation>
    </message>
    <message>
        <source>Do only the {0} items that can be done</source>
        <translation>仅处理可以办理的 {0} 项</translation>
    </message>
    <message>
        <source>Person (file no.)</source>
        <translation>人员（档案号）</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>被拒绝的原因</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Reports</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>No figures in this period.</source>
        <translation>本期没有数据。</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>按：</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>No campaign yet</source>
        <translation>还没有活动</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Export this table (.xlsx)…</source>
        <translation>导出本表（.xlsx）…</translation>
    </message>
    <message>
        <source>Export all tables (.xlsx)…</source>
        <translation>导出全部统计表（.xlsx）…</translation>
    </message>
    <message>
        <source>Print this table…</source>
        <translation>打印本表…</translation>
    </message>
    <message>
        <source>Print all tables…</source>
        <translation>打印全部统计表…</translation>
    </message>
    <message>
        <source>The end of the range is before its start.</source>
        <translation>日期范围的结束日早于开始日。</translation>
    </message>
    <message>
        <source>There is no campaign to choose yet.</source>
        <translation>还没有可选的活动。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Counted: {0}</source>
        <translation>正在显示：{0}</translation>
    </message>
    <message>
        <source>The figures could not be counted: {0}</source>
        <translation>统计没有完成：{0}</translation>
    </message>
    <message>
        <source>Export the figures</source>
        <translation>导出统计表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the tables…</source>
        <translation>正在写统计表…</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>已保存到 {0}</translation>
    </message>
    <message>
        <source>all tables</source>
        <translation>全部统计表</translation>
    </message>
    <message>
        <source>Preparing the tables for printing…</source>
        <translation>正在准备打印统计表…</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>One-time password</source>
        <translation>一次性密码</translation>
    </message>
    <message>
        <source>at least 8 characters, letters and digits</source>
        <translation>至少8位，须含字母和数字</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Your own new password.</source>
        <translation>为您自己设置新密码。</translation>
    </message>
    <message>
        <source>A one-time password for {0}: tell it to them; at their next sign-in they must set their own before they can go on.</source>
        <translation>为{0}设置一次性密码：请把它告诉本人；本人下次登录时须先设置自己的密码，才能继续使用。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>正在读取备份……</translation>
    </message>
    <message>
        <source>The current database file is not deleted: it is renamed and kept beside the restored one (and so is the attachments folder when an encrypted backup from a stick is restored).</source>
        <translation>当前数据库文件不会被删除：改名后保留在恢复后的文件旁边（恢复U盘上的加密备份时，附件文件夹也一样保留）。</translation>
    </message>
    <message>
        <source>Restore the database {0} from a backup: choose the backup below, or a backup file from a USB stick. Afterwards the program opens the sign-in again, on the restored database. Cancel leaves the database as it is and ends the program.</source>
        <translation>从备份恢复数据库 {0}：请在下面选择一份备份，或点“选择备份文件…”选U盘上的备份文件。恢复后程序回到登录，打开恢复后的数据库。点“取消”则数据库不变，程序退出。</translation>
    </message>
    <message>
        <source>The database file {0} is damaged:
{1}

Choose a backup to restore it from.</source>
        <translation>数据库文件 {0} 已损坏：
{1}

请选择一份备份来恢复。</translation>
    </message>
    <message>
        <source>Restore the chosen backup</source>
        <translation>恢复所选备份</translation>
    </message>
    <message>
        <source>Choose a backup file…</source>
        <translation>选择备份文件…</translation>
    </message>
    <message>
        <source>Taken at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>档案数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>good</source>
        <translation>完好</translation>
    </message>
    <message>
        <source>damaged: {0}</source>
        <translation>损坏：{0}</translation>
    </message>
    <message>
        <source>{0} backups found; the newest good one is chosen.</source>
        <translation>找到 {0} 份备份，已选中最新的完好备份。</translation>
    </message>
    <message>
        <source>No good backup was found in {0}. Close the program and ask the administrator for help; the database file was not changed.</source>
        <translation>在 {0} 中没有找到完好的备份。请关闭程序并联系管理员；数据库文件未作改动。</translation>
    </message>
    <message>
        <source>The database was restored from the backup of {0}. The damaged file is kept at:
{1}</source>
        <translation>已用 {0} 的备份恢复数据库。损坏的文件保留在：
{1}</translation>
    </message>
    <message>
        <source>Choose a backup file</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <source>Songnuan backups (*.snbak *.db);;Encrypted backups (*.snbak);;Local backups (*.db)</source>
        <translation>送暖备份 (*.snbak *.db);;加密备份 (*.snbak);;本机备份 (*.db)</translation>
    </message>
    <message>
        <source>Decrypting and checking the backup…</source>
        <translation>正在解密并检查备份…</translation>
    </message>
    <message>
        <source>The database and its attachments were restored from the encrypted backup of {0} ({1}, {2} files, {3} attachments). The previous database file is kept at:
{4}</source>
        <translation>已用 {0} 的加密备份恢复数据库和附件（{1}，档案 {2} 户，附件 {3} 个）。原来的数据库文件保留在：
{4}</translation>
    </message>
    <message>
        <source>{0}

The database was not changed.</source>
        <translation>{0}

数据库没有改动。</translation>
    </message>
    <message>
        <source>The database was restored from {0}. The previous file is kept at:
{1}</source>
        <translation>已用 {0} 恢复数据库。原来的文件保留在：
{1}</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <source>Sign-off roster</source>
        <translation>发放签收表</translation>
    </message>
    <message>
        <source>Copy:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Pages:</source>
        <translation>分页：</translation>
    </message>
    <message>
        <source>The internal copy carries full ID numbers and phones and stays in the office; the public copy masks them.</source>
        <translation>内部存档版含完整身份证号和电话，只留存于本单位；公开版隐去部分号码。</translation>
    </message>
    <message>
        <source>Internal copy (full ID numbers, phones)</source>
        <translation>内部存档版（完整身份证号、电话）</translation>
    </message>
    <message>
        <source>Public copy (ID numbers masked)</source>
        <translation>公开版（身份证号部分隐去）</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Print key registration sheet…</source>
        <translation>打印密钥登记表…</translation>
    </message>
    <message>
        <source>Register another office's key…</source>
        <translation>登记对方单位的密钥…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Only an administrator can change settings and users; you can look at them.</source>
        <translation>只有管理员可以修改设置和用户；您可以查看。</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Minimum living standard</source>
        <translation>低保线</translation>
    </message>
    <message>
        <source>Add a new standard…</source>
        <translation>新增低保线…</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织机构</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Search by name or pinyin initials</source>
        <translation>按名称或拼音首字母查找</translation>
    </message>
    <message>
        <source>Show retired ones</source>
        <translation>显示已停用的</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Rename or change…</source>
        <translation>改名或修改…</translation>
    </message>
    <message>
        <source>Merge into another…</source>
        <translation>并入其他…</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>新建用户…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Verify the hash chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Back up to a USB stick (encrypted)…</source>
        <translation>备份到U盘（加密）…</translation>
    </message>
    <message>
        <source>{0} · region code {1} · signed in as {2} ({3})</source>
        <translation>{0} · 行政区划代码 {1} · 当前用户 {2}（{3}）</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Value in force today</source>
        <translation>今日生效值</translation>
    </message>
    <message>
        <source>Choose a setting in the table first.</source>
        <translation>请先在表格中选择一项设置。</translation>
    </message>
    <message>
        <source>This setting is kept with the eligibility rules of the worker files.</source>
        <translation>此项随档案的认定规则一起维护。</translation>
    </message>
    <message>
        <source> (takes effect from today)</source>
        <translation>（自今日起生效）</translation>
    </message>
    <message>
        <source>Urban</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Rural</source>
        <translation>农村</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Urban or rural</source>
        <translation>城市/农村</translation>
    </message>
    <message>
        <source>Yuan per person per month</source>
        <translation>元/人·月</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>active, own password not yet set</source>
        <translation>启用（待本人设置密码）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Only an administrator can change parameters and users; you can look at them. Unions and work units you can keep yourself under Organisation.</source>
        <translation>参数和用户只有管理员可以修改，您可以查看；基层工会和工作单位您可以在“组织机构”中自行维护。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号状态</translation>
    </message>
    <message>
        <source>Choose a user in the table first.</source>
        <translation>请先在表格中选择一个用户。</translation>
    </message>
    <message>
        <source>The password of {0} was changed.</source>
        <translation>已修改 {0} 的密码。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>First-run setup</source>
        <translation>初始设置</translation>
    </message>
    <message>
        <source>Your office</source>
        <translation>本单位</translation>
    </message>
    <message>
        <source>Name the union office that uses this program, its administrative region and the local minimum living standard (低保线). All of this can be changed later under Settings.</source>
        <translation>填写使用本程序的工会名称、所在行政区划和当地低保线。这些信息以后可以在“设置”中修改。</translation>
    </message>
    <message>
        <source>Office name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>e.g. Jiuzhou Town Federation of Trade Unions</source>
        <translation>例如：旧州镇总工会</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <source>6, 9 or 12 digits, e.g. 522622</source>
        <translation>6、9或12位数字，例如 522622</translation>
    </message>
    <message>
        <source>County name</source>
        <translation>县（市、区）名称</translation>
    </message>
    <message>
        <source>e.g. Huangping County</source>
        <translation>例如：黄平县</translation>
    </message>
    <message>
        <source>Minimum living standard, urban (yuan per person per month)</source>
        <translation>城市低保线（元/人·月）</translation>
    </message>
    <message>
        <source>Minimum living standard, rural (yuan per person per month)</source>
        <translation>农村低保线（元/人·月）</translation>
    </message>
    <message>
        <source>Office level</source>
        <translation>单位级别</translation>
    </message>
    <message>
        <source>Township or street union (sends packages to the county)</source>
        <translation>乡镇（街道）工会（向县总工会报送）</translation>
    </message>
    <message>
        <source>County union (merges the townships' packages)</source>
        <translation>县总工会（汇总各乡镇的报送包）</translation>
    </message>
    <message>
        <source>The first administrator</source>
        <translation>第一位管理员</translation>
    </message>
    <message>
        <source>This person signs in to add the other users (clerk, reviewer, approver, finance) under Settings.</source>
        <translation>管理员登录后在“设置”中添加其他用户（经办人、审核人、审批人、财务）。</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>letters and digits, e.g. admin</source>
        <translation>字母和数字，例如 admin</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>at least 8 characters, letters and digits</source>
        <translation>至少8位，须含字母和数字</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The minimum living standard is kept under the county code {0}: every township, village and file of the county is judged by it unless one has a standard of its own (Settings › Minimum living standard).</source>
        <translation>低保线记在县级代码 {0} 下：全县的乡镇、村（社区）和档案都按它认定，单独设定了低保线的除外（设置 › 低保线）。</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>SpotCheckDialog</name>
    <message>
        <source>Spot-check result</source>
        <translation>抽查结果</translation>
    </message>
    <message>
        <source>Checked on:</source>
        <translation>核查日期：</translation>
    </message>
    <message>
        <source>Checked by:</source>
        <translation>核查人：</translation>
    </message>
    <message>
        <source>How:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>A result other than 属实 needs a note saying what was found.</source>
        <translation>结果不是“属实”时，须在备注中写明核查到的情况。</translation>
    </message>
</context>
<context>
    <name>StandardBandsEditor</name>
    <message>
        <source>Standards by household size (a tier here is paid by the band of the household's persons, not by one amount)</source>
        <translation>按家庭人口分档的补助标准（此处的档次按家庭人口所在的分档发放，不按统一金额）</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>档次</translation>
    </message>
    <message>
        <source>From (persons)</source>
        <translation>家庭人口自</translation>
    </message>
    <message>
        <source>To (persons)</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>The tier a new band is added to</source>
        <translation>新分档所属的档次</translation>
    </message>
    <message>
        <source>Add band</source>
        <translation>添加分档</translation>
    </message>
    <message>
        <source>Split the tier's last band: the new band starts one person above it. A tier with one amount moves here as a single band of 1 person and more.</source>
        <translation>在该档次最后一档之后添加一档，新档从上一档多1人起。只有统一金额的档次移到此处，成为“1人及以上户”一档。</translation>
    </message>
    <message>
        <source>Remove band</source>
        <translation>删除分档</translation>
    </message>
    <message>
        <source> persons</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>and more</source>
        <translation>及以上</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>at least 8 characters, letters and digits</source>
        <translation>至少8位，须含字母和数字</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>A one-time password: tell it to the user; at their first sign-in they must set their own before they can go on.</source>
        <translation>这是一次性密码：请把它告诉本人；本人第一次登录时须先设置自己的密码，才能继续使用。</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Clerk (keeps files, proposes, prints)</source>
        <translation>经办人（建档、提名、打印）</translation>
    </message>
    <message>
        <source>Reviewer (first check, public notice)</source>
        <translation>审核人（初审、公示）</translation>
    </message>
    <message>
        <source>Approver (union chair)</source>
        <translation>审批人（工会主席）</translation>
    </message>
    <message>
        <source>Finance (payouts, reconciliation)</source>
        <translation>财务（发放、对账）</translation>
    </message>
    <message>
        <source>Administrator (users, settings, backups)</source>
        <translation>管理员（用户、设置、备份）</translation>
    </message>
    <message>
        <source>County union (merges the townships' packages, checks across them)</source>
        <translation>县总工会（汇总各乡镇报送包、跨乡镇核查）</translation>
    </message>
    <message>
        <source>Account active</source>
        <translation>账号启用</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Edit user</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <source>use “Reset password…” to change it</source>
        <translation>如需修改请用“重置密码…”</translation>
    </message>
    <message>
        <source>Waiting for the user to set their own password at their next sign-in.</source>
        <translation>该用户下次登录时须设置自己的密码（尚未设置）。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Visit group</source>
        <translation>慰问组</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期和时间</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>走访事由</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Find households</source>
        <translation>查找困难户</translation>
    </message>
    <message>
        <source>Name, pinyin initials (zs) or ID digits</source>
        <translation>姓名、拼音首字母（zs）或身份证号数字</translation>
    </message>
    <message>
        <source>Add →</source>
        <translation>加入 →</translation>
    </message>
    <message>
        <source>← Remove</source>
        <translation>← 移出</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新建走访</translation>
    </message>
    <message>
        <source>Change the visit</source>
        <translation>修改走访</translation>
    </message>
    <message>
        <source>(no campaign)</source>
        <translation>（不属于活动）</translation>
    </message>
    <message>
        <source>No household in the files matches “{0}”.</source>
        <translation>档案中没有与“{0}”相符的困难户。</translation>
    </message>
    <message>
        <source>There is no visit group yet: add one under “Visit groups…”.</source>
        <translation>还没有慰问组：请先在“慰问组…”中添加。</translation>
    </message>
</context>
<context>
    <name>VisitOutcomeDialog</name>
    <message>
        <source>Outcome of the visit</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>已走访</translation>
    </message>
    <message>
        <source>Not at home</source>
        <translation>不在家</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>改期</translation>
    </message>
    <message>
        <source>The five “clears” (what the visit found out)</source>
        <translation>“五清楚”（走访了解到的情况）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>No photos</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
</context>
<context>
    <name>VisitQuotaField</name>
    <message>
        <source>No quota</source>
        <translation>不设指标</translation>
    </message>
    <message>
        <source>Each visit group</source>
        <translation>每个慰问组</translation>
    </message>
    <message>
        <source>Each leader</source>
        <translation>每位带队领导</translation>
    </message>
    <message>
        <source>How many households each visit group (or each leader) must visit in this campaign; the visit calendar and the statistics show the progress.</source>
        <translation>本次活动每个慰问组（或每位带队领导）至少应走访的户数；走访日历和统计显示完成进度。</translation>
    </message>
    <message>
        <source>at least </source>
        <translation>不少于 </translation>
    </message>
    <message>
        <source> households</source>
        <translation> 户</translation>
    </message>
</context>
<context>
    <name>VisitQuotaPanel</name>
    <message>
        <source>Visit quota of {0}: {1}</source>
        <translation>{0}走访指标：{1}</translation>
    </message>
    <message>
        <source>No visit of this campaign planned yet.</source>
        <translation>本活动尚未安排走访。</translation>
    </message>
</context>
<context>
    <name>VisitTools</name>
    <message>
        <source>Visit groups</source>
        <translation>慰问组</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>{0} (not in use)</source>
        <translation>{0}（已停用）</translation>
    </message>
    <message>
        <source>Plan visits automatically</source>
        <translation>自动排程</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>慰问组</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Households per group and day</source>
        <translation>每组每天走访户数</translation>
    </message>
    <message>
        <source>The campaign's approved items are planned, by village and address; holidays are skipped.</source>
        <translation>按村（社区）和地址安排本活动已审批的名单项，节假日不排。</translation>
    </message>
    <message>
        <source>Choose a campaign.</source>
        <translation>请选择活动。</translation>
    </message>
    <message>
        <source>Planning the visits…</source>
        <translation>正在排程…</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>……另有 {0} 户</translation>
    </message>
    <message>
        <source>Print route sheet</source>
        <translation>打印走访安排表</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>全部慰问组</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>慰问组</translation>
    </message>
    <message>
        <source>Route sheet</source>
        <translation>走访安排表</translation>
    </message>
    <message>
        <source>Writing the route sheet…</source>
        <translation>正在生成走访安排表…</translation>
    </message>
    <message>
        <source>Phone calendar (.ics)…</source>
        <translation>手机日历 (.ics)…</translation>
    </message>
    <message>
        <source>Excel (.xlsx)…</source>
        <translation>Excel (.xlsx)…</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>日历文件 (*.ics)</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export the schedule</source>
        <translation>导出走访安排</translation>
    </message>
    <message>
        <source>Exporting the schedule…</source>
        <translation>正在导出走访安排…</translation>
    </message>
    <message>
        <source>The schedule was saved to {0}.</source>
        <translation>走访安排已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>VisitsScreen</name>
    <message>
        <source>Visit calendar</source>
        <translation>走访日历</translation>
    </message>
    <message>
        <source>Undo move</source>
        <translation>撤销移动</translation>
    </message>
    <message>
        <source>Visit groups…</source>
        <translation>慰问组…</translation>
    </message>
    <message>
        <source>Plan automatically…</source>
        <translation>自动排程…</translation>
    </message>
    <message>
        <source>Print route sheet…</source>
        <translation>打印走访安排表…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>慰问组</translation>
    </message>
    <message>
        <source>Conflicts and reminders</source>
        <translation>冲突与提醒</translation>
    </message>
    <message>
        <source>Chosen visit</source>
        <translation>选中的走访</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Outcome…</source>
        <translation>记录结果…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部活动</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>全部慰问组</translation>
    </message>
    <message>
        <source>{0}-{1:02d}</source>
        <translation>{0}年{1}月</translation>
    </message>
    <message>
        <source>{0} visits, {1} households in view.</source>
        <translation>本页 {0} 次走访，{1} 户。</translation>
    </message>
    <message>
        <source>Conflicts and reminders ({0})</source>
        <translation>冲突与提醒（{0}）</translation>
    </message>
    <message>
        <source>Move the visit of {0} back to {1} {2:%H:%M} (Ctrl+Z)</source>
        <translation>把{0}的走访移回 {1} {2:%H:%M}（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Undoes the last move of a visit (Ctrl+Z)</source>
        <translation>撤销最近一次拖动走访（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Visit planned: {0}.</source>
        <translation>已安排走访：{0}。</translation>
    </message>
    <message>
        <source>Visit changed: {0}.</source>
        <translation>已修改走访：{0}。</translation>
    </message>
    <message>
        <source>Outcome recorded: {0}.</source>
        <translation>已记录走访结果：{0}。</translation>
    </message>
    <message>
        <source>Visit moved to {0} {1:%H:%M}; Ctrl+Z moves it back.</source>
        <translation>走访已移到 {0} {1:%H:%M}；按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Move undone: the visit is back on {0} {1:%H:%M}.</source>
        <translation>已撤销移动：走访回到 {0} {1:%H:%M}。</translation>
    </message>
    <message>
        <source>Delete the visit</source>
        <translation>删除走访</translation>
    </message>
    <message>
        <source>Delete the visit of {0} on {1}? It is kept in the audit log.</source>
        <translation>删除 {1} {0} 的走访？删除记录保留在操作日志中。</translation>
    </message>
    <message>
        <source>Visit deleted.</source>
        <translation>走访已删除。</translation>
    </message>
</context>
<context>
    <name>VoucherCheckDialog</name>
    <message>
        <source>Check a voucher</source>
        <translation>核验凭证</translation>
    </message>
    <message>
        <source>Scan the QR code of the voucher (a scanner types it here and presses Enter), or type the voucher number printed on it. Check before handing over money.</source>
        <translation>扫描凭证右上角的二维码（扫码枪会自动输入并回车），或照凭证上的编号输入。发放前先核验。</translation>
    </message>
    <message>
        <source>2027-SWN01-000007 or the scanned code</source>
        <translation>如 2027-SWN01-000007，或扫码</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Songnuan</source>
        <translation>送暖</translation>
    </message>
    <message>
        <source>The database was made by an older version and has been upgraded. The copy from before the upgrade is kept at:
{0}</source>
        <translation>数据库由旧版本创建，已自动升级。升级前的备份保存在：
{0}</translation>
    </message>
</context>
<context>
    <name>id_warnings</name>
    <message>
        <source>Check the ID numbers</source>
        <translation>核对身份证号</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
    <message>
        <source>Songnuan</source>
        <translation>送暖</translation>
    </message>
    <message>
        <source>Do only the {0} items that can be done</source>
        <translation>仅处理可以办理的 {0} 项</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>Songnuan</source>
        <translation>送暖</translation>
    </message>
    <message>
        <source>The database cannot be opened: {0}

{1}

The database file was not changed.</source>
        <translation>无法打开数据库：{0}

{1}

数据库文件未作改动。</translation>
    </message>
    <message>
        <source>The database file is damaged:
{0}

Restore it from a backup now? The program closes the database, lets you choose a backup and starts again; the damaged file is kept aside.</source>
        <translation>数据库文件已损坏：
{0}

现在从备份恢复吗？程序将关闭数据库，让您选择一份备份，然后重新启动；损坏的文件会改名保留。</translation>
    </message>
</context>
</TS>