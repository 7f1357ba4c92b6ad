"""Re-tag the standard plan's questions on templates campuses already loaded, and give them
the problem wording a follow-up is titled with.

Matched by the template's code and the question's wording, as the standard plan created them. A
question's kind is changed only while it still has the kind the plan gave it (a campus's own
change is kept); its problem wording only while it has none. Follow-ups already open keep their
titles and owners.
"""

from django.db import migrations

# (template code, question, kind before, kind now, problem wording)
CHANGES = [
    ('gate-evening', '各班教室电器、电源已关闭', 'repair', 'hazard', '各班教室电器、电源未关闭'),
    ('gate-evening', '办公室、功能室电器电源已关闭', 'repair', 'hazard', '办公室、功能室电器电源未关闭'),
    ('gate-evening', '各处门窗已关好、锁好', 'repair', 'hazard', '各处门窗未关好、锁好'),
    ('gate-evening', '饮水机、空调、电脑等已断电', 'repair', 'hazard', '饮水机、空调、电脑等未断电'),
    ('gate-evening', '大门已按时关锁', 'hazard', 'hazard', '大门未按时关锁'),
    ('gate-evening', '离园后已巡视校园，无滞留人员', 'hazard', 'hazard', '离园后未巡视校园或有滞留人员'),
    ('gate-morning', '门卫已按时到岗值班', 'repair', 'general', '门卫未按时到岗值班'),
    ('gate-morning', '来访登记本、访客证已就位', 'repair', 'general', '来访登记本、访客证未就位'),
    ('gate-morning', '监控、一键报警等技防设施已开启并有记录', 'repair', 'repair', '监控、一键报警等技防设施未开启'),
    ('gate-morning', '防护器械（钢叉、盾牌等）齐全', 'repair', 'hazard', '防护器械（钢叉、盾牌等）不齐全'),
    ('gate-area-clean', '责任区已清扫，无纸屑、杂物', 'repair', 'general', '责任区未清扫干净'),
    ('gate-area-clean', '门卫室整洁', 'repair', 'general', '门卫室不整洁'),
    ('garden-care', '已浇水、除草', 'repair', 'general', '未浇水、除草'),
    ('garden-care', '已按需施肥、修剪', 'repair', 'general', '未按需施肥、修剪'),
    ('kitchen-closing', '燃气总阀已关闭', 'hazard', 'hazard', '燃气总阀未关闭'),
    ('kitchen-closing', '灶具、蒸箱、消毒柜等电器已断电', 'repair', 'hazard', '灶具、蒸箱、消毒柜等电器未断电'),
    ('kitchen-closing', '水龙头已关好', 'repair', 'kitchen', '水龙头未关好'),
    ('kitchen-closing', '门窗已锁好，人离门锁', 'hazard', 'hazard', '门窗未锁好'),
    ('kitchen-closing', '无非工作人员进入', 'hazard', 'hazard', '有非工作人员进入'),
    ('kitchen-daily', '今日餐用具已消毒并登记', 'repair', 'kitchen', '今日餐用具未消毒并登记'),
    ('kitchen-daily', '今日食材已验收并登记', 'repair', 'kitchen', '今日食材未验收并登记'),
    ('kitchen-daily', '每餐每样菜已留样（≥125克）并登记', 'health', 'kitchen', '每餐每样菜未留样（≥125克）并登记'),
    ('kitchen-daily', '留样保存在专用冷藏柜，48小时以上', 'health', 'kitchen', ''),
    ('kitchen-daily', '食品隔墙离地至少30厘米', 'repair', 'kitchen', ''),
    ('kitchen-daily-clean', '操作间台面、地面已清洁', 'repair', 'kitchen', '操作间台面、地面未清洁'),
    ('kitchen-daily-clean', '餐厅及室内外整洁', 'repair', 'kitchen', '餐厅及室内外不整洁'),
    ('kitchen-daily-clean', '垃圾已清运，垃圾桶加盖', 'repair', 'kitchen', '垃圾未清运或垃圾桶未加盖'),
    ('kitchen-daily-clean', '生熟器具分开存放', 'repair', 'kitchen', ''),
    ('kitchen-weekly-clean', '墙面、门窗、灯具已清洁', 'repair', 'kitchen', '墙面、门窗、灯具未清洁'),
    ('kitchen-weekly-clean', '冰箱、冰柜已清理除霜', 'repair', 'kitchen', '冰箱、冰柜未清理除霜'),
    ('kitchen-weekly-clean', '排烟罩、下水道已清洁', 'repair', 'kitchen', '排烟罩、下水道未清洁'),
    ('kitchen-weekly-clean', '仓库货架已整理', 'repair', 'kitchen', '仓库货架未整理'),
    ('kitchen-boil-disinfect', '煮沸时间', 'health', 'kitchen', ''),
    ('kitchen-boil-disinfect', '餐具全部浸没水中', 'repair', 'kitchen', ''),
    ('kitchen-boil-disinfect', '消毒后放入保洁柜', 'repair', 'kitchen', ''),
    ('kitchen-tableware-count', '碗（个）', 'repair', 'general', ''),
    ('kitchen-tableware-count', '勺（把）', 'repair', 'general', ''),
    ('kitchen-tableware-count', '餐盘（个）', 'repair', 'general', ''),
    ('kitchen-tableware-count', '破损餐具已登记报损', 'repair', 'kitchen', '破损餐具未登记报损'),
    ('food-store-check', '库内无过期、变质食品', 'health', 'kitchen', '库内有过期、变质食品'),
    ('food-store-check', '食品隔墙离地，分类存放', 'repair', 'kitchen', ''),
    ('food-store-check', '出入库登记完整', 'repair', 'kitchen', ''),
    ('toys-monday', '体育器材完好', 'repair', 'repair', '体育器材有损坏'),
    ('sports-room-daily', '器材已整理归位', 'repair', 'general', '器材未整理归位'),
    ('ac-monthly', '各班空调运行正常', 'repair', 'repair', '各班空调运行异常'),
    ('ac-monthly', '办公场所空调运行正常', 'repair', 'repair', '办公场所空调运行异常'),
    ('ac-monthly', '滤网已清洁', 'repair', 'repair', '滤网未清洁'),
    ('ac-monthly', '遥控器齐全', 'repair', 'general', '遥控器不齐全'),
    ('kitchen-gas-weekly', '燃气报警器正常', 'hazard', 'hazard', '燃气报警器异常'),
    ('kitchen-gas-weekly', '电器设备、线路完好', 'repair', 'repair', '电器设备、线路有损坏'),
    ('kitchen-gas-weekly', '门窗完好可锁', 'repair', 'repair', '门窗损坏或锁不上'),
    ('doors-monthly', '班级门窗完好，防夹手设施完好', 'repair', 'repair', '班级门窗或防夹手设施有损坏'),
    ('lighting-weekly', '各班照明正常', 'repair', 'repair', '各班照明故障'),
    ('lighting-weekly', '走廊、大厅照明正常', 'repair', 'repair', '走廊、大厅照明故障'),
    ('lighting-weekly', '办公场所照明正常', 'repair', 'repair', '办公场所照明故障'),
    ('lighting-weekly', '应急照明、疏散指示灯正常', 'hazard', 'hazard', '应急照明、疏散指示灯异常'),
    ('ac-winter', '各处空调已清洗', 'repair', 'repair', '各处空调未清洗'),
    ('ac-winter', '遥控器已放好', 'repair', 'general', '遥控器未放好'),
    ('assets-monthly', '账实相符', 'general', 'general', '账实不符'),
    ('assets-monthly', '新购资产已入账', 'repair', 'general', '新购资产未入账'),
    ('assets-term-end', '各班各室资产已清点核对', 'repair', 'general', '各班各室资产未清点核对'),
    ('assets-term-end', '贵重物品已归仓或放入有报警器的房间', 'hazard', 'hazard', '贵重物品未归仓或放入有报警器的房间'),
    ('assets-term-end', '损坏、遗失已登记并追责', 'repair', 'general', '损坏、遗失未登记并追责'),
    ('assets-class-check', '各班资产与登记一致', 'repair', 'general', '各班资产与登记不一致'),
    ('assets-class-check', '物品未随意搬动', 'repair', 'general', ''),
    ('finance-monthly', '上月伙食盈亏账已向家长公布', 'general', 'general', '上月伙食盈亏账未向家长公布'),
    ('finance-monthly', '工资、奖金、津贴已按时发放', 'general', 'general', '工资、奖金、津贴未按时发放'),
    ('finance-monthly', '请假登记与伙食费退费已核算', 'general', 'general', '请假登记与伙食费退费未核算'),
    ('finance-monthly', '月度财务报表已上报', 'general', 'general', '月度财务报表未上报'),
    ('finance-term-audit', '账目已审查', 'general', 'general', '账目未审查'),
    ('finance-term-audit', '收费与公示标准一致', 'general', 'general', '收费与公示标准不一致'),
    ('class-cleaning', '上午打扫完成', 'repair', 'general', ''),
    ('class-cleaning', '下午打扫完成', 'repair', 'general', ''),
    ('class-cleaning', '室内无灰尘、蛛网，物品摆放有序', 'repair', 'general', ''),
    ('health-rounds', '上午已巡视各班', 'repair', 'health', '上午未巡视各班'),
    ('health-rounds', '下午已巡视各班', 'repair', 'health', '下午未巡视各班'),
    ('health-rounds', '体弱儿、患病幼儿已全日观察并记录', 'health', 'health', '体弱儿、患病幼儿未全日观察并记录'),
    ('health-rounds', '缺席幼儿已跟踪原因', 'health', 'health', '缺席幼儿未跟踪原因'),
    ('health-room-disinfect', '医疗器械已消毒', 'health', 'health', '医疗器械未消毒'),
    ('health-room-disinfect', '晨检室已消毒', 'health', 'health', '晨检室未消毒'),
    ('health-room-disinfect', '紫外线灯运行正常', 'repair', 'repair', '紫外线灯运行异常'),
    ('growth-quarterly', '各班身高、体重已测量', 'health', 'health', '各班身高、体重未测量'),
    ('growth-quarterly', '评价结果已反馈家长', 'health', 'health', '评价结果未反馈家长'),
    ('obese-bp-monthly', '中度以上肥胖儿已测血压并登记', 'health', 'health', '中度以上肥胖儿未测血压并登记'),
    ('env-safety-halfmonth', '未发现安全隐患', 'hazard', 'hazard', '发现安全隐患'),
    ('health-board-monthly', '宣传栏资料已更换', 'repair', 'general', '宣传栏资料未更换'),
    ('health-lecture-term', '讲座已开展', 'repair', 'general', '讲座未开展'),
    ('staff-study-halfmonth', '已组织学习', 'repair', 'general', '未组织学习'),
    ('staff-study-halfmonth', '参加人数', 'repair', 'general', ''),
    ('electrical-weekly', '电器设备、插座、线路完好', 'hazard', 'hazard', '电器设备、插座、线路有损坏'),
    ('electrical-weekly', '门窗完好', 'repair', 'repair', '门窗有损坏'),
    ('electrical-weekly', '配电箱已上锁', 'hazard', 'hazard', '配电箱未上锁'),
    ('toys-monthly-full', '楼梯、窗户完好', 'hazard', 'hazard', '楼梯、窗户有损坏'),
    ('toys-monthly-full', '班级门窗完好', 'repair', 'repair', '班级门窗有损坏'),
    ('summer-building', '园舍已检查，无裂缝、无危险', 'hazard', 'hazard', '园舍有裂缝或危险'),
    ('summer-building', '需维修部位已维修', 'repair', 'repair', '需维修部位未维修'),
    ('dismissal-patrol', '无幼儿滞留或被陌生人接走', 'hazard', 'hazard', '有幼儿滞留或被陌生人接走'),
    ('hazmat-weekly', '专人保管，柜子已上锁', 'hazard', 'hazard', '危化品柜未上锁'),
    ('hazmat-weekly', '领用登记完整，限量发放', 'repair', 'hazard', ''),
    ('hazmat-weekly', '账物相符', 'hazard', 'hazard', '账物不符'),
    ('fire-drill', '演练已开展', 'repair', 'hazard', '演练未开展'),
    ('fire-drill', '疏散通道畅通', 'hazard', 'hazard', '疏散通道堵塞'),
    ('fire-drill', '灭火器、消防栓检查完好', 'hazard', 'hazard', '灭火器、消防栓有损坏'),
    ('fire-training-term', '培训已开展', 'repair', 'hazard', '培训未开展'),
    ('fire-training-term', '参加人数', 'repair', 'general', ''),
    ('class-daily-disinfection', '餐前桌面已消毒', 'health', 'health', '餐前桌面未消毒'),
    ('class-daily-disinfection', '毛巾、水杯已消毒', 'health', 'health', '毛巾、水杯未消毒'),
    ('class-daily-disinfection', '玩具已清洗消毒', 'health', 'health', '玩具未清洗消毒'),
    ('class-daily-disinfection', '消毒记录已填写', 'repair', 'health', '消毒记录未填写'),
    ('weekly-menu', '下周带量食谱已制订', 'repair', 'health', '下周带量食谱未制订'),
    ('weekly-menu', '食谱已公布给家长', 'repair', 'health', '食谱未公布给家长'),
    ('nutrition-monthly', '本月营养分析已完成', 'health', 'health', '本月营养分析未完成'),
    ('nutrition-monthly', '营养素摄入达标', 'health', 'health', '营养素摄入未达标'),
    ('meal-committee', '伙委会已召开', 'repair', 'general', '伙委会未召开'),
    ('branch-guidance', '已到分园指导', 'repair', 'general', '未到分园指导'),
    ('staff-assessment-monthly', '保育员重点工作已检查', 'repair', 'general', '保育员重点工作未检查'),
    ('staff-assessment-monthly', '营养员重点工作已检查', 'repair', 'general', '营养员重点工作未检查'),
    ('kitchen-monthly-inspection', '操作规范（生熟分开、四隔离）', 'health', 'kitchen', ''),
    ('kitchen-monthly-inspection', '个人卫生“四勤”、工作服', 'health', 'kitchen', ''),
    ('kitchen-monthly-inspection', '索证索票齐全', 'repair', 'kitchen', '索证索票不齐全'),
    ('nursery-training-monthly', '培训已开展', 'repair', 'general', '培训未开展'),
    ('building-weekly', '设备设施完好', 'repair', 'repair', '设备设施有损坏'),
    ('focus-08', '室内外清洁卫生完成', 'repair', 'general', ''),
    ('focus-08', '餐具、玩具已消毒', 'health', 'health', '餐具、玩具未消毒'),
    ('focus-08', '教育教学及生活用品已添置', 'general', 'general', '教育教学及生活用品未添置'),
    ('focus-09', '本学期后勤工作计划已制定并组织学习', 'repair', 'general', '本学期后勤工作计划未制定并组织学习'),
    ('focus-09', '幼儿保险已登记办理', 'general', 'general', '幼儿保险未登记办理'),
    ('focus-09', '食堂卫生已加强检查', 'health', 'health', '食堂卫生未加强检查'),
    ('focus-10', '节前安全检查已完成', 'hazard', 'hazard', '节前安全检查未完成'),
    ('focus-10', '假期值班已安排', 'repair', 'hazard', '假期值班未安排'),
    ('focus-10', '户外活动保育工作已重点检查', 'repair', 'health', '户外活动保育工作未重点检查'),
    ('focus-11', '季节性传染病预防措施已落实', 'health', 'health', '季节性传染病预防措施未落实'),
    ('focus-11', '家长半日活动已展示“三大员”规范操作', 'repair', 'general', '家长半日活动未展示“三大员”规范操作'),
    ('focus-12', '幼儿冬季保育工作已落实', 'repair', 'health', '幼儿冬季保育工作未落实'),
    ('focus-12', '疏散通道畅通', 'hazard', 'hazard', '疏散通道堵塞'),
    ('focus-12', '食堂、操作室清洁卫生已检查', 'health', 'health', '食堂、操作室清洁卫生未检查'),
    ('focus-12', '幼儿体锻毛巾使用情况已检查', 'repair', 'health', '幼儿体锻毛巾使用情况未检查'),
    ('focus-01', '保暖桶开水供应与上锁情况已检查', 'hazard', 'hazard', '保暖桶开水供应与上锁情况未检查'),
    ('focus-01', '后勤人员考核已完成', 'repair', 'general', '后勤人员考核未完成'),
    ('focus-01', '校舍设施已检查', 'repair', 'repair', '校舍设施未检查'),
    ('focus-01', '代办费、伙食费已清退', 'general', 'general', '代办费、伙食费未清退'),
    ('class-disinfection', '活动室、寝室已用含氯消毒液擦拭', 'health', 'health', '活动室、寝室未用含氯消毒液擦拭'),
    ('class-disinfection', '玩具、图书已消毒或暴晒', 'health', 'health', '玩具、图书未消毒或暴晒'),
    ('class-disinfection', '被褥已暴晒或清洗', 'health', 'health', '被褥未暴晒或清洗'),
    ('class-disinfection', '毛巾、水杯已煮沸消毒', 'health', 'health', '毛巾、水杯未煮沸消毒'),
    ('class-disinfection', '开窗通风30分钟以上', 'repair', 'health', ''),
]


def forward(apps, schema_editor):
    TemplateItem = apps.get_model("checklists", "TemplateItem")
    for code, label, before, now, problem in CHANGES:
        items = TemplateItem.objects.filter(template__code=code, label=label)
        if before != now:
            items.filter(follow_up_kind=before).update(follow_up_kind=now)
        if problem:
            items.filter(problem_label="").update(problem_label=problem)


def backward(apps, schema_editor):
    TemplateItem = apps.get_model("checklists", "TemplateItem")
    for code, label, before, now, _problem in CHANGES:
        if before != now:
            TemplateItem.objects.filter(template__code=code, label=label, follow_up_kind=now).update(follow_up_kind=before)


class Migration(migrations.Migration):
    dependencies = [("checklists", "0004_checklistsux_problem_label_after_photo")]

    operations = [migrations.RunPython(forward, backward)]
