"""Rewards and redemptions: the errors, each with the sentence the person holding the phone
reads."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class RewardNotFound(NotFound):
    detail = "没有找到这件兑换物品，可能已下架或不属于您所在的派出所"


class RedemptionNotFound(NotFound):
    detail = "没有找到这条兑换记录，或您无权查看"


class WrongCode(NotFound):
    detail = "兑换码不正确，请核对后重新输入，或请村民重新出示二维码"


class NoStation(ValidationFailed):
    detail = "请先扫描户码加入家庭，再使用积分兑换"


class ChooseStation(ValidationFailed):
    detail = "您在多个派出所有职务，请选择是哪一个派出所的兑换目录"


class NotAKeeper(Forbidden):
    detail = "只有所长或管理员可以上架、修改兑换物品"


class StockOnly(Forbidden):
    detail = "村警只能登记库存的增减；名称、积分、照片等请所长或管理员修改"


class NotARedeemer(Forbidden):
    detail = "只有本派出所辖区的村民或联户长可以兑换"


class NotHouseholdHead(Forbidden):
    detail = "只有户主可以用全家的积分兑换；您可以用自己的积分兑换"


class ChooseHousehold(ValidationFailed):
    detail = "您是多户的户主，请选择用哪一户的积分兑换"


class NotStaff(Forbidden):
    detail = "只有派出所、警务室的工作人员可以查看全所的兑换记录或核销"


class OwnRedemption(Forbidden):
    detail = "不能核销自己的兑换，请由其他工作人员核销"


class MoneyNotAllowed(ValidationFailed):
    detail = "积分只能兑换物品或服务，不能兑换现金、红包、话费或购物卡等"


class OutOfStock(Conflict):
    detail = "这件物品已经兑换完了（或已下架），请选择其他物品"


class NotEnoughPoints(Conflict):
    detail = "积分不够兑换这件物品"


class StockWouldGoNegative(Conflict):
    detail = "库存不能少于零：减少的数量超过了现有库存"


class AlreadyFulfilled(Conflict):
    detail = "这个兑换码已经核销过了，物品已领取"


class AlreadyCancelled(Conflict):
    detail = "这条兑换已经取消，积分已退回"
